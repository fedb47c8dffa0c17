package dev.switchboard.bench;

import dev.switchboard.events.Ids;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Switchboard side by side with the design it replaces (bench/seed-peer: socket.io + the mongodb driver, an awaited
 * insert and chat update per message, then the emit), both on the same embedded store, over a ladder of rates: per
 * rate send → new-message p50/p99, delivered, lost, and each server's CPU; then each one's latency-bounded sustained
 * rate (the highest rate with p99 ≤ {@value #P99_BOUND_MS} ms and nothing lost) and the ratios.
 */
final class SeedDesignScenario {
    static final double P99_BOUND_MS = 100;
    /** A server whose p99 passed this, or that lost messages, has fallen over: its higher rates are skipped. */
    private static final double COLLAPSED_P99_MS = 2_000;
    static final String SWITCHBOARD = "switchboard";
    static final String SEED = "seed";

    private SeedDesignScenario() {
    }

    /** One side of the comparison: an open session and the process whose CPU it costs. */
    record Side(String name, LatencyScenario.Session session, long pid) {
    }

    static Map<String, Object> run(List<Side> sides, int[] rates, double secondsPerRate, int repeats, int pairs) throws Exception {
        for (Side side : sides) {
            side.session().measure(200, 3); // warm-up, not reported
        }
        List<Map<String, Map<String, Object>>> runs = new ArrayList<>();
        for (int repeat = 0; repeat < repeats; repeat++) {
            Map<String, Map<String, Object>> byRate = new LinkedHashMap<>();
            List<String> fallen = new ArrayList<>();
            for (int rate : rates) {
                Map<String, Object> atRate = new LinkedHashMap<>();
                // alternate which side goes first, so neither always runs right after the other's backlog
                List<Side> order = new ArrayList<>(sides);
                if (repeat % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Side side : order) {
                    if (fallen.contains(side.name())) {
                        continue;
                    }
                    double cpuBefore = ProcessStats.cpuSeconds(side.pid());
                    long started = System.nanoTime();
                    LatencyScenario.Measurement m = side.session().measure(rate, secondsPerRate);
                    double cpuPercent = (ProcessStats.cpuSeconds(side.pid()) - cpuBefore) * 100 / ((System.nanoTime() - started) / 1e9);
                    Map<String, Object> result = m.asMap();
                    result.put("serverCpuPercent", Math.round(cpuPercent));
                    result.put("withinBound", sustains(result));
                    atRate.put(side.name(), result);
                    System.out.println("seed-design ladder, run " + (repeat + 1) + ", " + side.name() + " @" + rate + " msg/s: " + result);
                    if (m.lost() > 0 || p99(result) > COLLAPSED_P99_MS) {
                        fallen.add(side.name());
                    }
                    Thread.sleep(1_000);
                }
                byRate.put(Integer.toString(rate), atRate);
            }
            runs.add(byRate);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pairs", pairs);
        out.put("rates", rates);
        out.put("secondsPerRate", secondsPerRate);
        out.put("repeats", repeats);
        out.put("p99BoundMs", P99_BOUND_MS);
        out.put("runs", runs);
        out.put("summary", summary(runs, rates));
        return out;
    }

    /** Medians over the repeated runs: per rate, and the sustained rates with their ratio. */
    static Map<String, Object> summary(List<Map<String, Map<String, Object>>> runs, int[] rates) {
        Map<String, Object> perRate = new LinkedHashMap<>();
        for (int rate : rates) {
            String key = Integer.toString(rate);
            Map<String, Object> row = new LinkedHashMap<>();
            for (String side : List.of(SWITCHBOARD, SEED)) {
                List<Map<String, Object>> measured = runs.stream().map(run -> run.get(key)).filter(r -> r != null && r.containsKey(side))
                        .map(r -> cast(r.get(side))).toList();
                if (measured.isEmpty()) {
                    continue;
                }
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("runs", measured.size());
                cell.put("p50", median(measured.stream().mapToDouble(r -> percentile(r, "p50")).toArray()));
                cell.put("p99", median(measured.stream().mapToDouble(SeedDesignScenario::p99).toArray()));
                cell.put("sent", measured.stream().mapToLong(r -> ((Number) r.get("sent")).longValue()).sum());
                cell.put("delivered", measured.stream().mapToLong(r -> ((Number) r.get("delivered")).longValue()).sum());
                cell.put("lost", measured.stream().mapToLong(r -> ((Number) r.get("lost")).longValue()).sum());
                cell.put("serverCpuPercent", Math.round(median(measured.stream().mapToDouble(r -> ((Number) r.get("serverCpuPercent")).doubleValue()).toArray())));
                cell.put("sustainedInRuns", measured.stream().filter(SeedDesignScenario::sustains).count());
                row.put(side, cell);
            }
            List<Double> p99Ratios = new ArrayList<>();
            for (Map<String, Map<String, Object>> run : runs) {
                Map<String, Object> atRate = run.get(key);
                if (atRate != null && atRate.containsKey(SWITCHBOARD) && atRate.containsKey(SEED)
                        && sustains(cast(atRate.get(SWITCHBOARD))) && sustains(cast(atRate.get(SEED)))) {
                    p99Ratios.add(p99(cast(atRate.get(SWITCHBOARD))) / Math.max(0.01, p99(cast(atRate.get(SEED)))));
                }
            }
            if (!p99Ratios.isEmpty()) {
                row.put("p99RatioSwitchboardToSeed", round2(median(p99Ratios.stream().mapToDouble(Double::doubleValue).toArray())));
                row.put("p99RatiosPerRun", p99Ratios.stream().map(SeedDesignScenario::round2).toList());
            }
            perRate.put(key, row);
        }
        List<Integer> ours = new ArrayList<>();
        List<Integer> theirs = new ArrayList<>();
        List<Object> ratios = new ArrayList<>();
        for (Map<String, Map<String, Object>> run : runs) {
            int sb = sustainedRate(run, SWITCHBOARD);
            int seed = sustainedRate(run, SEED);
            ours.add(sb);
            theirs.add(seed);
            ratios.add(seed > 0 ? round2((double) sb / seed) : null);
        }
        Map<String, Object> sustained = new LinkedHashMap<>();
        sustained.put(SWITCHBOARD, ours);
        sustained.put(SEED, theirs);
        sustained.put("ratiosPerRun", ratios);
        sustained.put("medianSwitchboard", median(ours.stream().mapToDouble(Integer::doubleValue).toArray()));
        sustained.put("medianSeed", median(theirs.stream().mapToDouble(Integer::doubleValue).toArray()));
        double[] defined = ratios.stream().filter(r -> r != null).mapToDouble(r -> (Double) r).toArray();
        sustained.put("medianRatio", defined.length == 0 ? null : round2(median(defined)));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("perRate", perRate);
        summary.put("sustainedRate", sustained);
        return summary;
    }

    /** The highest rate of the run at which {@code side} had p99 within the bound, nothing lost and nothing refused; 0 if none. */
    static int sustainedRate(Map<String, Map<String, Object>> run, String side) {
        int best = 0;
        for (Map.Entry<String, Map<String, Object>> entry : run.entrySet()) {
            Object result = entry.getValue().get(side);
            if (result != null && sustains(cast(result))) {
                best = Math.max(best, Integer.parseInt(entry.getKey()));
            }
        }
        return best;
    }

    static boolean sustains(Map<String, Object> result) {
        return ((Number) result.get("lost")).longValue() == 0 && ((Number) result.get("refused")).longValue() == 0
                && ((Number) result.get("delivered")).longValue() >= ((Number) result.get("sent")).longValue() && p99(result) <= P99_BOUND_MS;
    }

    private static double p99(Map<String, Object> result) {
        return percentile(result, "p99");
    }

    private static double percentile(Map<String, Object> result, String which) {
        return ((Number) cast(result.get("deliveryMs")).get(which)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The seed design opens a chat by its first join-chat (it upserts the chat document): a fresh id is all it needs. */
    static String seedChat(String clientId, String providerId) {
        return Ids.newId();
    }
}
