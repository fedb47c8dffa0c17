package dev.switchboard.bench;

import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes docs/BENCHMARKS.md (tables) and docs/bench/results.json (raw). */
final class Report {
    private Report() {
    }

    @SuppressWarnings("unchecked")
    static void write(Path root, Map<String, Object> report) throws Exception {
        Path docs = root.resolve("docs");
        Files.createDirectories(docs.resolve("bench"));
        Files.writeString(docs.resolve("bench/results.json"),
                SioClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        StringBuilder md = new StringBuilder();
        Map<String, Object> machine = (Map<String, Object>) report.get("machine");
        md.append("# Benchmarks\n\n");
        md.append("Produced by `bash bench/run.sh` (").append(report.get("mode")).append(" version) on ").append(report.get("date"))
                .append(". Raw numbers: [`docs/bench/results.json`](bench/results.json).\n\n");
        md.append("Machine: ").append(machine.get("cores")).append(" cores (").append(machine.get("cpu")).append("), ")
                .append(machine.get("memoryGiB")).append(" GiB, ").append(machine.get("java")).append(", ").append(machine.get("os"))
                .append(". The load generator, the Switchboard stack (embedded Kafka, embedded store, projector, gateway) and the Node peer all ")
                .append("share these 2 cores, so every figure includes the generator's own cost.\n\n");

        Map<String, Object> latency = (Map<String, Object>) report.get("latency");
        if (latency != null) {
            md.append("## 1. Latency: send-message → the peer's new-message\n\n");
            md.append("50 client/provider pairs in 50 chats, messages spread evenly at the total rate; the whole pipeline ")
                    .append("(gateway → Kafka → projector → store → Kafka → gateway). Milliseconds.\n\n");
            md.append("| rate (msg/s) | sent | delivered | p50 | p90 | p99 | p99.9 | max | ack p50 | ack p99 |\n|---|---|---|---|---|---|---|---|---|---|\n");
            Map<String, Object> reads = null;
            for (Map.Entry<String, Object> entry : latency.entrySet()) {
                if (entry.getKey().equals("reads")) {
                    reads = (Map<String, Object>) entry.getValue();
                    continue;
                }
                Map<String, Object> r = (Map<String, Object>) entry.getValue();
                Map<String, Object> d = (Map<String, Object>) r.get("deliveryMs");
                Map<String, Object> a = (Map<String, Object>) r.get("ackMs");
                md.append("| ").append(r.get("rate")).append(" | ").append(r.get("sent")).append(" | ").append(r.get("delivered"))
                        .append(" | ").append(d.get("p50")).append(" | ").append(d.get("p90")).append(" | ").append(d.get("p99"))
                        .append(" | ").append(d.get("p99_9")).append(" | ").append(d.get("max"))
                        .append(" | ").append(a.get("p50")).append(" | ").append(a.get("p99")).append(" |\n");
            }

            if (reads != null) {
                long stored = ((Map<String, Object>) report.get("latency")).values().stream().filter(v -> ((Map<String, Object>) v).containsKey("sent"))
                        .mapToLong(v -> ((Number) ((Map<String, Object>) v).get("sent")).longValue()).sum();
                md.append("\nREST reads afterwards, with about ").append(stored).append(" messages stored (20 requests each, milliseconds):\n\n");
                md.append("| request | p50 | p99 | max |\n|---|---|---|---|\n");
                for (Map.Entry<String, Object> entry : reads.entrySet()) {
                    Map<String, Object> r = (Map<String, Object>) entry.getValue();
                    md.append("| `").append(entry.getKey()).append("` | ").append(r.get("p50")).append(" | ").append(r.get("p99"))
                            .append(" | ").append(r.get("max")).append(" |\n");
                }
            }

        }

        Map<String, Object> fanoutResults = (Map<String, Object>) report.get("fanout");
        if (fanoutResults != null) {
            md.append("\n## 2. Fan-out: one room, N members, one sender\n\n");
            md.append("Switchboard: N admins on `support_dashboard`, each broadcast a `support-message` recorded in Kafka, ")
                    .append("decided and stored by the projector, then pushed. Node peer: `socket.io` 4.x, `io.to(room).emit`, no persistence. ")
                    .append("Same load generator, same offered load.\n\n");
            md.append("| scenario | server | deliveries | deliveries/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Object> entry : fanoutResults.entrySet()) {
                Map<String, Object> pair = (Map<String, Object>) entry.getValue();
                for (String server : new String[]{"switchboard", "node"}) {
                    Map<String, Object> r = (Map<String, Object>) pair.get(server);
                    Map<String, Object> l = (Map<String, Object>) r.get("latencyMs");
                    md.append("| ").append(entry.getKey()).append(" | ").append(r.get("server")).append(" | ").append(r.get("deliveries"))
                            .append("/").append(r.get("expectedDeliveries")).append(" | ").append(r.get("deliveriesPerSecond"))
                            .append(" | ").append(l.get("p50")).append(" | ").append(l.get("p99")).append(" | ").append(l.get("max")).append(" |\n");
                }
                md.append("| ").append(entry.getKey()).append(" | **ratio Switchboard / Node** | | **").append(pair.get("ratio")).append("** | | | |\n");
            }
            for (Map.Entry<String, Object> entry : fanoutResults.entrySet()) {
                Map<String, Object> pair = (Map<String, Object>) entry.getValue();
                if (pair.containsKey("runs")) {
                    md.append("\n").append(entry.getKey()).append(", the saturating shape, ").append(pair.get("runs"))
                            .append(" runs (Switchboard and Node alternating; the table shows the run with the median ratio): ratio per run ")
                            .append(pair.get("ratiosPerRun")).append(", **median ").append(pair.get("ratio")).append("**; Switchboard deliveries/s per run ")
                            .append(pair.get("switchboardPerRun")).append(", Node ").append(pair.get("nodePerRun")).append(".\n");
                }
            }

        }

        Map<String, Object> notifications = (Map<String, Object>) report.get("notifications");
        Map<String, Object> audit = (Map<String, Object>) report.get("audit");
        if (notifications != null && audit != null) {
            md.append("\n## 3. Notifications, audit and start-up\n\n");
            md.append("A notification created by a service → `new-notification` on the user's connected socket (one every 50 ms), ")
                    .append("through `POST /api/notifications` and through the Java `NotificationPublisher`. Milliseconds.\n\n");
            md.append("| created through | count | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Object> entry : notifications.entrySet()) {
                Map<String, Object> n = (Map<String, Object>) entry.getValue();
                md.append("| ").append(entry.getKey()).append(" | ").append(n.get("count")).append(" | ").append(n.get("p50")).append(" | ")
                        .append(n.get("p90")).append(" | ").append(n.get("p99")).append(" | ").append(n.get("max")).append(" |\n");
            }
            Map<String, Object> ms = (Map<String, Object>) audit.get("ms");
            md.append("\n`GET /api/support/tickets/{id}/audit` of a ticket with ").append(audit.get("messages")).append(" messages (")
                    .append(audit.get("events")).append(" events, from the projector's audit index), ").append(audit.get("reads"))
                    .append(" reads: p50 **").append(ms.get("p50")).append(" ms**, max ").append(ms.get("max")).append(" ms.\n\n");
            md.append("`java -jar standalone/target/switchboard-standalone.jar` on a fresh data directory accepted its first ")
                    .append("authenticated Socket.IO client **").append(report.get("firstSocketSeconds")).append(" s** after launch.\n");
        }

        Map<String, Object> c = (Map<String, Object>) report.get("capacity");
        if (c != null) {
            md.append("\n## 4. Capacity: idle websocket connections on one gateway\n\n");
            md.append("A separate gateway process (`java ").append(c.get("gatewayHeapLimit")).append(" -jar gateway/target/switchboard-gateway.jar`) ")
                    .append("joined to the stack's Kafka and store. Heap is live heap after a full GC.\n\n");
            md.append("| connections | connect time (s) | heap before (MiB) | heap held (MiB) | heap per connection (KiB) | RSS (MiB) | idle CPU (% of a core) | churn | churn CPU (%) | heap after churn (MiB) |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            md.append("| ").append(c.get("connected")).append(" | ").append(c.get("connectSeconds")).append(" | ").append(c.get("baselineHeapMiB"))
                    .append(" | ").append(c.get("heapMiB")).append(" | ").append(c.get("heapKiBPerConnection")).append(" | ").append(c.get("rssMiB"))
                    .append(" | ").append(c.get("idleCpuPercent")).append(" | ").append(c.get("churnedConnections")).append(" in 10 s | ")
                    .append(c.get("churnCpuPercent")).append(" | ").append(c.get("heapAfterChurnMiB")).append(" |\n");
        }
        Map<String, Object> fanIn = (Map<String, Object>) report.get("fanin");
        if (fanIn != null) {
            md.append("\n## 5. Fan-in: updates one gateway reads and routes\n\n");
            md.append("Every gateway reads every update and pushes those for rooms its own sockets joined. Synthetic `MessagePosted` ")
                    .append("updates are written straight to the chat update topic by a batching producer, a share of them for 100 chats whose ")
                    .append("receivers sit on the gateway (each such update is one `new-message` push), the rest for chats nobody there joined. ")
                    .append("The rate is updates the gateway got through per second of the run.\n\n");
            md.append("| local share | updates | local pushes | pushed | producer updates/s | gateway updates/s |\n|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) fanIn.get("measured")).entrySet()) {
                Map<String, Object> r = (Map<String, Object>) entry.getValue();
                md.append("| ").append(entry.getKey()).append(" | ").append(r.get("updates")).append(" | ").append(r.get("localPushes"))
                        .append(" | ").append(r.get("pushedWithin2min")).append(" | ").append(r.get("producerUpdatesPerSecond"))
                        .append(" | **").append(r.get("gatewayUpdatesPerSecond")).append("**").append(Boolean.TRUE.equals(r.get("producerBound")) ? " (producer-bound)" : "")
                        .append(" |\n");
            }
            md.append("\nCeiling of the whole system's update rate with N gateways sharing users evenly (local share 1/N): when every ")
                    .append("gateway reads everything, the rate one gateway sustains at that share; if each read only its own users' updates ")
                    .append("(routing by interest, `docs/ARCHITECTURE.md`), about N times the all-local rate.\n\n");
            md.append("| gateways | every gateway reads everything (updates/s) | each reads its own share (updates/s) |\n|---|---|---|\n");
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) fanIn.get("ceilings")).entrySet()) {
                Map<String, Object> r = (Map<String, Object>) entry.getValue();
                md.append("| ").append(entry.getKey()).append(" | ").append(r.get("readEverythingUpdatesPerSecond")).append(" | ")
                        .append(r.get("readOwnShareUpdatesPerSecond")).append(" |\n");
            }
        }
        Map<String, Object> logtools = (Map<String, Object>) report.get("logtools");
        if (logtools != null) {
            Map<String, Object> rebuild = (Map<String, Object>) logtools.get("rebuild");
            Map<String, Object> export = (Map<String, Object>) logtools.get("export");
            Map<String, Object> logAudit = (Map<String, Object>) logtools.get("audit");
            Map<String, Object> logAuditMs = (Map<String, Object>) logAudit.get("ms");
            md.append("\n## 6. Log tools: rebuild, export, audit\n\n");
            md.append("The stack's log after the scenarios above plus ").append(logtools.get("otherEvents"))
                    .append(" more actions (70 % chat messages in 200 chats, 20 % notifications, 10 % join requests for tickets that do not exist), ")
                    .append("each tool a `java -jar standalone/target/switchboard-standalone.jar` process against the running stack (embedded store), ")
                    .append("unless the row says otherwise; the rebuild runs in the order of the rows.\n\n");
            md.append("| tool | events | seconds | events/s | result |\n|---|---|---|---|---|\n");
            rebuildRow(md, "`rebuild --into … --verify` (batches of 500, as the live projector's largest)", rebuild, true);
            Map<String, Object> aot = (Map<String, Object>) logtools.get("rebuildWithAotStart");
            Map<String, Object> again = (Map<String, Object>) logtools.get("rebuildAgain");
            if (aot != null && again != null) {
                rebuildRow(md, "the same, started as `bash standalone/aot-start.sh rebuild --into … --verify` (JDK 25, the ahead-of-time cache it trained)", aot, true);
                rebuildRow(md, "the same with `java -jar` again, after the AOT run", again, false);
            }
            Map<String, Object> small = (Map<String, Object>) logtools.get("rebuildInLargerBatches");
            if (small != null) {
                rebuildRow(md, "`rebuild --batch-size 2000`", small, false);
            }
            md.append("| `export --topics all --out FILE` | ").append(export.get("events")).append(" | ").append(export.get("seconds")).append(" | **")
                    .append(export.get("eventsPerSecond")).append("** | ").append(export.get("megabytes")).append(" MB of JSON Lines |\n");
            md.append("\n`GET /api/support/tickets/{id}/audit` of a ticket with ").append(logAudit.get("messages")).append(" messages (")
                    .append(logAudit.get("events")).append(" events) in that log, ").append(logAudit.get("reads")).append(" reads: p50 **")
                    .append(logAuditMs.get("p50")).append(" ms**, max ").append(logAuditMs.get("max")).append(" ms.\n");
            progressLines(md, rebuild, aot, again, small);
        }

        Map<String, Object> recovery = (Map<String, Object>) report.get("recovery");
        if (recovery != null) {
            md.append("\n## 7. Connection state recovery: reconnect → last missed packet\n\n");
            md.append("A provider in a chat drops its websocket; its client sends N messages (acked); the provider reconnects with its `pid` ")
                    .append("and last offset and gets the N missed `new-message` packets replayed from the log.\n\n");
            md.append("| missed | recovered | received | duplicates | reconnect → last missed (ms) |\n|---|---|---|---|---|\n");
            for (Map.Entry<String, Object> entry : recovery.entrySet()) {
                Map<String, Object> r = (Map<String, Object>) entry.getValue();
                md.append("| ").append(entry.getKey().replace(" missed", "")).append(" | ").append(r.get("recovered")).append(" | ")
                        .append(r.get("missedReceived")).append(" | ").append(r.get("duplicates")).append(" | ")
                        .append(r.get("reconnectToLastMissedMs")).append(" |\n");
            }
        }
        SeedDesignReport.append(md, (Map<String, Object>) report.get("seedDesign"), (Map<String, Object>) report.get("warmup"),
                (Map<String, Object>) report.get("warmupAotStart"));
        Path notes = docs.resolve("bench/NOTES.md");
        if (Files.exists(notes)) {
            md.append("\n").append(Files.readString(notes));
        }
        Files.writeString(docs.resolve("BENCHMARKS.md"), md.toString());
        System.out.println("wrote " + docs.resolve("BENCHMARKS.md"));
    }

    /** Each rebuild's actions per 5-second progress line, in thousands: where in the log a rebuild went slowly. */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    private static void progressLines(StringBuilder md, Map<String, Object>... rebuilds) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> run : rebuilds) {
            List<Number> applied = run == null ? null : (List<Number>) run.get("actionsPerProgressLine");
            if (applied != null) {
                lines.add(applied.stream().map(n -> String.valueOf(Math.round(n.doubleValue() / 1000))).collect(Collectors.joining(" ")));
            }
        }
        if (!lines.isEmpty()) {
            md.append("\nThousands of actions each rebuild applied per 5-second progress line, in the rows' order: ")
                    .append(String.join(" · ", lines)).append(".\n");
        }
    }

    /** One rebuild's row of section 6: actions, seconds, actions/s (in bold for the headline runs) and the comparison. */
    private static void rebuildRow(StringBuilder md, String label, Map<String, Object> run, boolean bold) {
        String rate = bold ? "**" + run.get("actionsPerSecond") + "**" : String.valueOf(run.get("actionsPerSecond"));
        md.append("| ").append(label).append(" | ").append(run.get("actions")).append(" | ").append(run.get("seconds")).append(" | ")
                .append(rate).append(" | ")
                .append(Boolean.TRUE.equals(run.get("equal")) ? "equal to the live read models" : "DIFFERENT: " + run.get("comparison"))
                .append(" |\n");
    }
}
