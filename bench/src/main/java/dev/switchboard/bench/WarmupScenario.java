package dev.switchboard.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast the stack is from its first seconds, and what it costs when nothing happens: send → new-message p50 at a
 * modest rate from the first socket until {@code firstSeconds} after launch (in windows), the same rate again once
 * the other scenarios have warmed it up, and the process's CPU over a stretch with no traffic.
 */
final class WarmupScenario implements AutoCloseable {
    private final LatencyScenario.Session session;
    private final int rate;
    private Map<String, Object> firstMinute;

    private WarmupScenario(LatencyScenario.Session session, int rate) {
        this.session = session;
        this.rate = rate;
    }

    /**
     * Measures in 10-second windows until {@code firstSeconds} after {@code launchedNanos}, and for at least 30 s (a
     * loaded machine can take most of a minute to start the stack).
     */
    static WarmupScenario firstMinute(LatencyScenario.Session session, int rate, long launchedNanos, int firstSeconds) throws Exception {
        WarmupScenario scenario = new WarmupScenario(session, rate);
        int until = (int) Math.max(firstSeconds, Math.ceil((System.nanoTime() - launchedNanos) / 1e9) + 30);
        Histogram all = Load.histogram();
        List<Map<String, Object>> windows = new ArrayList<>();
        long sent = 0;
        long lost = 0;
        while (true) {
            double from = (System.nanoTime() - launchedNanos) / 1e9;
            double left = until - from;
            if (left < 1) {
                break;
            }
            LatencyScenario.Measurement m = session.measure(rate, Math.min(10, left));
            all.add(m.delivery());
            sent += m.sent();
            lost += m.lost();
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("fromSecond", Math.round(from));
            window.put("deliveryMs", Load.percentiles(m.delivery()));
            windows.add(window);
            System.out.println("first minute, from " + Math.round(from) + " s after launch: " + window);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate", rate);
        result.put("untilSecondAfterLaunch", until);
        result.put("sent", sent);
        result.put("lost", lost);
        result.put("deliveryMs", Load.percentiles(all));
        result.put("windows", windows);
        scenario.firstMinute = result;
        return scenario;
    }

    /**
     * The same rate after warm-up ({@code warmingSeconds} at five times the rate first, if the stack has not been
     * warmed up by other scenarios since the first minute), then the stack's CPU over {@code idleSeconds} with this session's sockets closed
     * (and, measured over the same seconds, that of the {@code peers}, e.g. the seed design's Node process).
     */
    Map<String, Object> steadyAndIdle(double warmingSeconds, double steadySeconds, long stackPid, Map<String, Long> peers, int idleSeconds)
            throws Exception {
        if (warmingSeconds > 0) {
            session.measure(rate * 5, warmingSeconds); // when no other scenario ran in between: warm the stack up first
        }
        LatencyScenario.Measurement steady = session.measure(rate, steadySeconds);
        session.close();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("firstMinute", firstMinute);
        Map<String, Object> warm = steady.asMap();
        result.put("steady", warm);
        double first = ((Number) ((Map<?, ?>) firstMinute.get("deliveryMs")).get("p50")).doubleValue();
        double after = ((Number) ((Map<?, ?>) warm.get("deliveryMs")).get("p50")).doubleValue();
        result.put("firstMinuteToSteadyP50", Math.round(first / Math.max(0.01, after) * 100) / 100.0);
        Thread.sleep(5_000); // let the last batches, commits and socket closes settle
        Map<String, Double> before = new LinkedHashMap<>();
        before.put("switchboard", ProcessStats.cpuSeconds(stackPid));
        peers.forEach((name, pid) -> before.put(name, cpuSecondsOrNaN(pid)));
        long started = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        double elapsed = (System.nanoTime() - started) / 1e9;
        Map<String, Object> idle = new LinkedHashMap<>();
        idle.put("seconds", idleSeconds);
        idle.put("switchboardCpuPercent", round1((ProcessStats.cpuSeconds(stackPid) - before.get("switchboard")) * 100 / elapsed));
        peers.forEach((name, pid) -> idle.put(name + "CpuPercent", round1((cpuSecondsOrNaN(pid) - before.get(name)) * 100 / elapsed)));
        result.put("idle", idle);
        System.out.println("warm-up and idle: " + result);
        return result;
    }

    private static double cpuSecondsOrNaN(long pid) {
        try {
            return ProcessStats.cpuSeconds(pid);
        } catch (Exception gone) {
            return Double.NaN;
        }
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @Override
    public void close() {
        session.close();
    }
}
