package dev.switchboard.bench;

import java.util.List;
import java.util.Map;

/** The report's sections on the seed design side by side with Switchboard, and on the first minute and idle CPU. */
final class SeedDesignReport {
    private SeedDesignReport() {
    }

    @SuppressWarnings("unchecked")
    static void append(StringBuilder md, Map<String, Object> seedDesign, Map<String, Object> warmup, Map<String, Object> aotStart) {
        if (seedDesign != null) {
            Map<String, Object> summary = (Map<String, Object>) seedDesign.get("summary");
            Map<String, Object> perRate = (Map<String, Object>) summary.get("perRate");
            Map<String, Object> sustained = (Map<String, Object>) summary.get("sustainedRate");
            md.append("\n## 8. Against the seed's own design\n\n");
            md.append("The design Switchboard replaces, as a peer (`bench/seed-peer`): socket.io 4.x and the official `mongodb` driver in one ")
                    .append("Node process, per `send-message` an awaited insert of the message, an awaited update of the chat's `lastMessage`, ")
                    .append("then `io.to(chat).emit('new-message')` and the ack (default write concern, no log). Both on the **same embedded store** ")
                    .append("(the stack's store port; the seed in its own database), the same ").append(seedDesign.get("pairs"))
                    .append(" client/provider pairs over websocket, authenticated with the same JWTs; send → the provider's `new-message`. ")
                    .append(seedDesign.get("secondsPerRate")).append(" s per rate, ").append(seedDesign.get("repeats"))
                    .append(" run(s) of the whole ladder, the two servers alternating; cells are medians over the runs (delivered and lost: sums). ")
                    .append("A server that lost messages or passed a p99 of 2 s at a rate is not run at higher rates in that run (—). ")
                    .append("\"lost\": not delivered within 5 s of the last arrival (30 s at most) after the sending stopped. CPU is the server process's ")
                    .append("(the stack's includes the embedded store, which also serves the seed's writes).\n\n");
            md.append("| msg/s | seed p50 | seed p99 | seed delivered | seed lost | seed CPU % | Switchboard p50 | Switchboard p99 | Switchboard delivered | Switchboard lost | Switchboard CPU % | p99 Switchboard / seed |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Object> entry : perRate.entrySet()) {
                Map<String, Object> row = (Map<String, Object>) entry.getValue();
                md.append("| ").append(entry.getKey());
                for (String side : List.of(SeedDesignScenario.SEED, SeedDesignScenario.SWITCHBOARD)) {
                    Map<String, Object> cell = (Map<String, Object>) row.get(side);
                    if (cell == null) {
                        md.append(" | — | — | — | — | —");
                    } else {
                        md.append(" | ").append(milliseconds(cell.get("p50"))).append(" | ").append(milliseconds(cell.get("p99"))).append(" | ").append(cell.get("delivered"))
                                .append("/").append(cell.get("sent")).append(" | ").append(cell.get("lost")).append(" | ").append(cell.get("serverCpuPercent"));
                    }
                }
                Object ratio = row.get("p99RatioSwitchboardToSeed");
                md.append(" | ").append(ratio == null ? "(not both within bound)" : "**" + ratio + "**").append(" |\n");
            }
            md.append("\n**Latency-bounded sustained rate** (the highest rate of the ladder with p99 ≤ ").append(seedDesign.get("p99BoundMs"))
                    .append(" ms, nothing lost, nothing refused), per run: seed design ").append(joined(sustained.get(SeedDesignScenario.SEED)))
                    .append(" msg/s, Switchboard ").append(joined(sustained.get(SeedDesignScenario.SWITCHBOARD))).append(" msg/s (median ")
                    .append(sustained.get("medianSeed")).append(" and ").append(sustained.get("medianSwitchboard")).append("); ratio per run ")
                    .append(joined(sustained.get("ratiosPerRun"))).append(", **median ratio Switchboard / seed: ")
                    .append(sustained.get("medianRatio") == null ? "undefined" : sustained.get("medianRatio"))
                    .append("** (0 msg/s: no rate of the ladder within the bound; a ratio over a seed rate of 0 is undefined, shown as null).\n");
        }
        if (warmup != null) {
            Map<String, Object> first = (Map<String, Object>) warmup.get("firstMinute");
            Map<String, Object> idle = (Map<String, Object>) warmup.get("idle");
            md.append("\n## 9. The first minute, and idle CPU\n\n");
            md.append("Right after `java -jar` on a fresh data directory, ").append(first.get("rate"))
                    .append(" msg/s of the latency scenario from the first socket until ").append(first.get("untilSecondAfterLaunch"))
                    .append(" s after launch, against the same rate after every scenario above had warmed the stack up. Milliseconds.\n\n");
            appendFirstMinute(md, warmup);
            md.append("\nFirst-minute p50 / warm p50: **").append(warmup.get("firstMinuteToSteadyP50")).append("×**.\n\n");
            md.append("Idle: with no client connected and nothing sent, over ").append(idle.get("seconds")).append(" s, the stack's process used **")
                    .append(idle.get("switchboardCpuPercent")).append(" %** of one core");
            if (idle.containsKey("seedCpuPercent")) {
                md.append(" (the seed design's Node process, connected to the same store: ").append(idle.get("seedCpuPercent")).append(" %)");
            }
            md.append(".\n");
        }
        if (aotStart != null) {
            appendAotStart(md, aotStart);
        }
    }

    /** The same first minute on a fresh stack started with {@code bash standalone/aot-start.sh}. */
    @SuppressWarnings("unchecked")
    private static void appendAotStart(StringBuilder md, Map<String, Object> aot) {
        Map<String, Object> first = (Map<String, Object>) aot.get("firstMinute");
        md.append("\n**Started with `bash standalone/aot-start.sh`** (JDK 25, the jar extracted, the ahead-of-time cache it trained for this build; ")
                .append("the launch is the script's, so its checks of the cache are in the times), ")
                .append("a second fresh stack, the same ").append(first.get("rate")).append(" msg/s; its warm p50 after one more minute of traffic. ")
                .append("First socket ").append(aot.get("firstSocketSeconds")).append(" s after launch.\n\n");
        appendFirstMinute(md, aot);
        md.append("\nFirst-minute p50 / warm p50 with the AOT start: **").append(aot.get("firstMinuteToSteadyP50")).append("×**.\n");
    }

    /** The first minute's windows, then the whole first minute and the warm run (a warm-up scenario's result). */
    @SuppressWarnings("unchecked")
    private static void appendFirstMinute(StringBuilder md, Map<String, Object> warmup) {
        Map<String, Object> first = (Map<String, Object>) warmup.get("firstMinute");
        Map<String, Object> steady = (Map<String, Object>) warmup.get("steady");
        Map<String, Object> firstMs = (Map<String, Object>) first.get("deliveryMs");
        Map<String, Object> steadyMs = (Map<String, Object>) steady.get("deliveryMs");
        md.append("| window | delivered | p50 | p99 | max |\n|---|---|---|---|---|\n");
        for (Map<String, Object> window : (List<Map<String, Object>>) first.get("windows")) {
            Map<String, Object> ms = (Map<String, Object>) window.get("deliveryMs");
            md.append("| from ").append(window.get("fromSecond")).append(" s after launch | ").append(ms.get("count")).append(" | ")
                    .append(ms.get("p50")).append(" | ").append(ms.get("p99")).append(" | ").append(ms.get("max")).append(" |\n");
        }
        md.append("| **first minute** (sent ").append(first.get("sent")).append(", lost ").append(first.get("lost")).append(") | ")
                .append(firstMs.get("count")).append(" | **").append(firstMs.get("p50")).append("** | ").append(firstMs.get("p99"))
                .append(" | ").append(firstMs.get("max")).append(" |\n");
        md.append("| **warm** (sent ").append(steady.get("sent")).append(", lost ").append(steady.get("lost")).append(") | ")
                .append(steadyMs.get("count")).append(" | **").append(steadyMs.get("p50")).append("** | ").append(steadyMs.get("p99"))
                .append(" | ").append(steadyMs.get("max")).append(" |\n");
    }

    /** A median of two runs is their mean, so a raw cell may carry a double's rounding error (3024.0950000000003). */
    private static double milliseconds(Object median) {
        return SeedDesignScenario.round2(((Number) median).doubleValue());
    }

    private static String joined(Object list) {
        return list instanceof List<?> values ? String.join(", ", values.stream().map(String::valueOf).toList()) : String.valueOf(list);
    }
}
