package dev.switchboard.bench;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.gateway.auth.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every scenario against servers it starts itself (the standalone stack, an extra gateway for capacity, the
 * Node.js peer) and writes docs/BENCHMARKS.md plus the raw JSON. {@code bench/run.sh} is the command.
 */
public final class BenchMain {
    private static final Set<String> ALL_SCENARIOS = Set.of("warmup", "latency", "seed", "services", "fanout", "fanin", "capacity", "recovery", "logtools");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        boolean full = List.of(args).contains("--full");
        if (List.of(args).contains("--report-only")) {
            // re-render docs/BENCHMARKS.md from the last raw results (e.g. after editing docs/bench/NOTES.md)
            @SuppressWarnings("unchecked")
            Map<String, Object> last = SioClient.JSON.readValue(root.resolve("docs/bench/results.json").toFile(), LinkedHashMap.class);
            Report.write(root, last);
            return;
        }
        int capacity = Integer.parseInt(System.getProperty("bench.connections", "18000"));
        Path work = Files.createTempDirectory("switchboard-bench");
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        Load load = new Load(secret);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        report.put("machine", Machine.describe());
        report.put("mode", full ? "full" : "short");

        int kafkaPort = FreePorts.find();
        int mongoPort = FreePorts.find();
        int socketPort = FreePorts.find();
        int httpPort = FreePorts.find();
        Map<String, String> env = stackEnv(work.resolve("data"), secret, kafkaPort, mongoPort, socketPort, httpPort);
        List<String> stackCommand = new java.util.ArrayList<>(List.of("java"));
        String javaOpts = System.getenv("BENCH_STACK_JAVA_OPTS"); // e.g. a JFR recording of the stack
        if (javaOpts != null && !javaOpts.isBlank()) {
            stackCommand.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        // BENCH_STACK_JAVA: another JDK's java for the stack; BENCH_STACK_JAR: another build of it, for an A/B of one change
        stackCommand.set(0, Optional.ofNullable(System.getenv("BENCH_STACK_JAVA")).filter(s -> !s.isBlank()).orElse("java"));
        stackCommand.addAll(List.of("-jar", Optional.ofNullable(System.getenv("BENCH_STACK_JAR")).filter(s -> !s.isBlank())
                .orElse(root.resolve("standalone/target/switchboard-standalone.jar").toString())));
        Set<String> only = option(args, "--only=").map(value -> Set.of(value.split(","))).orElse(ALL_SCENARIOS);
        long launched = System.nanoTime();
        try (Server stack = Server.start("standalone", stackCommand, env, socketPort, work)) {
            String httpUrl = "http://127.0.0.1:" + httpPort;
            report.put("firstSocketSeconds", firstSocket(stack.url(), load.token(dev.switchboard.events.Ids.newId(), Role.CLIENT), launched));
            System.out.println("first socket " + report.get("firstSocketSeconds") + " s after launch");
            WarmupScenario warmup = null;
            if (only.contains("warmup")) {
                // rate@seconds-after-launch: p50 from the first socket until then, compared with the same rate once warm
                int[] shape = option(args, "--warmup=").map(value -> Arrays.stream(value.split("@")).mapToInt(Integer::parseInt).toArray())
                        .orElse(new int[]{200, 60});
                LatencyScenario.Session session = LatencyScenario.Session.open(load, stack.url(), 50,
                        (client, provider) -> LatencyScenario.openChat(load, httpUrl, client, provider), new java.util.ArrayList<>());
                warmup = WarmupScenario.firstMinute(session, shape[0], launched, shape[1]);
            }
            if (only.contains("latency")) {
                int[] rates = option(args, "--rates=").map(value -> Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray())
                        .orElse(full ? new int[]{50, 200, 500, 1000, 2000} : new int[]{50, 200, 500, 1000});
                report.put("latency", new LatencyScenario(load, stack.url(), httpUrl).run(50, rates, full ? 30 : 10));
            }
            Server seedPeer = null;
            try {
                if (only.contains("seed")) {
                    int seedPort = FreePorts.find();
                    seedPeer = Server.start("seed-peer", List.of("node", root.resolve("bench/seed-peer/server.js").toString(), Integer.toString(seedPort),
                            "mongodb://127.0.0.1:" + mongoPort, "seed_bench"), Map.of("JWT_SECRET", secret), seedPort, work);
                    int[] rates = option(args, "--ladder=").map(value -> Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray())
                            .orElse(new int[]{200, 500, 1000, 1500, 2000, 3000, 4000, 5000});
                    double seconds = option(args, "--ladder-seconds=").map(Double::parseDouble).orElse(full ? 20.0 : 10.0);
                    int repeats = option(args, "--ladder-repeats=").map(Integer::parseInt).orElse(3);
                    try (LatencyScenario.Session ours = LatencyScenario.Session.open(load, stack.url(), 50,
                            (client, provider) -> LatencyScenario.openChat(load, httpUrl, client, provider), new java.util.ArrayList<>());
                         LatencyScenario.Session theirs = LatencyScenario.Session.open(load, seedPeer.url(), 50,
                                 SeedDesignScenario::seedChat, new java.util.ArrayList<>())) {
                        report.put("seedDesign", SeedDesignScenario.run(List.of(
                                new SeedDesignScenario.Side(SeedDesignScenario.SWITCHBOARD, ours, stack.pid()),
                                new SeedDesignScenario.Side(SeedDesignScenario.SEED, theirs, seedPeer.pid())), rates, seconds, repeats, 50));
                    }
                }
                if (warmup != null) {
                    int idleSeconds = option(args, "--idle-seconds=").map(Integer::parseInt).orElse(30);
                    boolean warmedUp = only.contains("latency") || only.contains("seed");
                    report.put("warmup", warmup.steadyAndIdle(warmedUp ? 0 : 60, full ? 30 : 20, stack.pid(),
                            seedPeer == null ? Map.of() : Map.of("seed", seedPeer.pid()), idleSeconds));
                }
            } finally {
                if (seedPeer != null) {
                    seedPeer.close();
                }
            }
            if (only.contains("services")) {
                ServiceScenarios services = new ServiceScenarios(load, stack.url(), httpUrl, "127.0.0.1:" + kafkaPort);
                report.put("notifications", services.notifications(full ? 200 : 50));
                report.put("audit", services.audit(1000, full ? 20 : 5));
            }
            if (only.contains("fanout")) {
                // members@broadcasts-per-second
                int[][] shapes = option(args, "--fanout=")
                        .map(value -> Arrays.stream(value.split(",")).map(shape -> Arrays.stream(shape.split("@")).mapToInt(Integer::parseInt).toArray())
                                .toArray(int[][]::new))
                        .orElse(full ? new int[][]{{100, 200}, {1000, 50}, {1000, 100}, {1000, 200}} : new int[][]{{100, 100}, {1000, 20}, {1000, 100}, {1000, 200}});
                int repeats = option(args, "--fanout-repeats=").map(Integer::parseInt).orElse(5);
                report.put("fanout", fanout(root, load, stack, httpUrl, shapes, repeats, work));
            }
            if (only.contains("fanin")) {
                Map<String, Object> measured = new FanInScenario(load, stack.url(), httpUrl, "127.0.0.1:" + kafkaPort)
                        .run(100, option(args, "--fanin=").map(Integer::parseInt).orElse(full ? 200_000 : 60_000), new double[]{1.0, 0.5, 0.25, 0.125});
                Map<String, Object> fanIn = new LinkedHashMap<>();
                fanIn.put("measured", measured);
                fanIn.put("ceilings", FanInScenario.ceilings(measured));
                report.put("fanin", fanIn);
            }
            if (only.contains("recovery")) {
                // missed messages per gap, e.g. --recovery=10,100 for a quick run
                int[] gaps = option(args, "--recovery=").map(value -> Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray())
                        .orElse(new int[]{10, 1_000, 10_000});
                report.put("recovery", new RecoveryScenario(load, stack.url(), httpUrl).run(gaps));
            }
            if (only.contains("capacity")) {
                report.put("capacity", capacity(root, load, work, secret, kafkaPort, mongoPort, capacity));
            }
            if (only.contains("logtools")) {
                // last: it adds a 100,000-action log and two rebuilt databases to the stack. --logtools=OTHER_EVENTS@TICKET_MESSAGES, e.g. --logtools=2000@50 for a quick check
                int[] shape = option(args, "--logtools=").map(value -> Arrays.stream(value.split("@")).mapToInt(Integer::parseInt).toArray())
                        .orElse(new int[]{100_000, 1000});
                ServiceScenarios services = new ServiceScenarios(load, stack.url(), httpUrl, "127.0.0.1:" + kafkaPort);
                report.put("logtools", new LogToolsScenario(root.resolve("standalone/target/switchboard-standalone.jar"), "127.0.0.1:" + kafkaPort,
                        "mongodb://127.0.0.1:" + mongoPort, work).run(services, shape[0], shape[1], full ? 20 : 10));
            }
        }
        if (only.contains("warmup")) {
            int[] shape = option(args, "--warmup=").map(value -> Arrays.stream(value.split("@")).mapToInt(Integer::parseInt).toArray())
                    .orElse(new int[]{200, 60});
            Map<String, Object> aot = firstMinuteOfAotStart(load, secret, work, shape,
                    option(args, "--idle-seconds=").map(Integer::parseInt).orElse(30));
            if (aot != null) {
                report.put("warmupAotStart", aot);
            }
        }
        if (!only.equals(ALL_SCENARIOS)) {
            // a partial run leaves docs/ alone: its report goes to the work directory, for a look
            Report.write(work, report);
            System.out.println("only " + only + ": report of these scenarios in " + work.resolve("docs"));
            return;
        }
        Report.write(root, report);
    }

    /** A separate gateway process joined to the stack's Kafka and store, holding {@code connections} idle sockets. */
    private static Map<String, Object> capacity(Path root, Load load, Path work, String secret, int kafkaPort, int mongoPort, int connections)
            throws Exception {
        int gatewayPort = FreePorts.find();
        Map<String, String> gatewayEnv = new LinkedHashMap<>();
        gatewayEnv.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
        gatewayEnv.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongoPort);
        gatewayEnv.put("JWT_SECRET", secret);
        gatewayEnv.put("SOCKET_PORT", Integer.toString(gatewayPort));
        gatewayEnv.put("SOCKET_HOST", "127.0.0.1");
        gatewayEnv.put("HTTP_PORT", Integer.toString(FreePorts.find()));
        gatewayEnv.put("GATEWAY_ID", "bench-capacity");
        try (Server gateway = Server.start("capacity-gateway", List.of("java", "-Xmx1g", "-jar",
                root.resolve("gateway/target/switchboard-gateway.jar").toString()), gatewayEnv, gatewayPort, work)) {
            Map<String, Object> result = CapacityScenario.run(load, gateway, connections, 100, 10);
            result.put("gatewayHeapLimit", "-Xmx1g");
            return result;
        }
    }

    /**
     * Each shape once, Switchboard then the Node peer; the last shape (the saturating one) {@code repeats} times, the two
     * alternating, reported as the run with the median ratio plus every run's ratio (the scenario is noisy).
     */
    private static Map<String, Object> fanout(Path root, Load load, Server stack, String httpUrl, int[][] shapes, int repeats, Path work)
            throws Exception {
        Map<String, Object> fanout = new LinkedHashMap<>();
        for (int s = 0; s < shapes.length; s++) {
            int[] shape = shapes[s];
            List<Map<String, Object>> runs = new java.util.ArrayList<>();
            for (int run = 0; run < (s == shapes.length - 1 ? repeats : 1); run++) {
                runs.add(fanoutPair(root, load, stack, httpUrl, shape, work));
            }
            List<Map<String, Object>> byRatio = new java.util.ArrayList<>(runs);
            byRatio.sort(java.util.Comparator.comparingDouble(pair -> ((Number) pair.get("ratio")).doubleValue()));
            Map<String, Object> pair = new LinkedHashMap<>(byRatio.get(byRatio.size() / 2));
            if (runs.size() > 1) {
                pair.put("runs", runs.size());
                pair.put("ratiosPerRun", runs.stream().map(run -> run.get("ratio")).toList());
                pair.put("switchboardPerRun", runs.stream().map(run -> ((Map<?, ?>) run.get("switchboard")).get("deliveriesPerSecond")).toList());
                pair.put("nodePerRun", runs.stream().map(run -> ((Map<?, ?>) run.get("node")).get("deliveriesPerSecond")).toList());
            }
            fanout.put(shape[0] + " members @ " + shape[1] + " broadcasts/s", pair);
        }
        return fanout;
    }

    private static Map<String, Object> fanoutPair(Path root, Load load, Server stack, String httpUrl, int[] shape, Path work) throws Exception {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("switchboard", FanoutScenario.run(FanoutScenario.switchboard(load, stack.url(), httpUrl), stack.url(), shape[0], shape[1], 10));
        int nodePort = FreePorts.find();
        try (Server node = Server.start("node-peer", List.of("node", root.resolve("bench/node-peer/server.js").toString(), Integer.toString(nodePort)),
                Map.of(), nodePort, work)) {
            pair.put("node", FanoutScenario.run(FanoutScenario.nodePeer(node.url()), node.url(), shape[0], shape[1], 10));
        }
        double ours = ((Number) ((Map<?, ?>) pair.get("switchboard")).get("deliveriesPerSecond")).doubleValue();
        double theirs = ((Number) ((Map<?, ?>) pair.get("node")).get("deliveriesPerSecond")).doubleValue();
        pair.put("ratio", Math.round(ours / theirs * 100) / 100.0);
        return pair;
    }

    private static Optional<String> option(String[] args, String prefix) {
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length())).findFirst();
    }

    /** Seconds from the stack's launch until a Socket.IO client is connected and authenticated. */
    /** The standalone stack's settings for a run: its own data directory and ports. */
    private static Map<String, String> stackEnv(Path dataDir, String secret, int kafkaPort, int mongoPort, int socketPort, int httpPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("JWT_SECRET", secret);
        env.put("KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.find()));
        env.put("MONGO_PORT", Integer.toString(mongoPort));
        env.put("SOCKET_PORT", Integer.toString(socketPort));
        env.put("HTTP_PORT", Integer.toString(httpPort));
        env.put("PROJECTOR_HTTP_PORT", Integer.toString(FreePorts.find()));
        env.put("SOCKET_HOST", "127.0.0.1");
        env.put("GATEWAY_ID", "bench-standalone");
        // the socket event rate is limited per user: the recovery part sends its backlog as one user from several
        // connections as fast as acks come, which the default (2,000 at once, then 200/s) would refuse
        env.put("RATE_LIMIT_PER_SECOND", "1000000");
        env.put("RATE_LIMIT_BURST", "1000000");
        return env;
    }

    /**
     * The first minute again, on a fresh stack started with {@code bash standalone/aot-start.sh} (JDK 25, the extracted
     * jar, the AOT cache it trained), when bench/run.sh found a JDK 25 and trained the cache (see
     * {@link Server#aotStartCommand()}). The warm p50 is taken after a minute of traffic, as
     * {@code bench/warmup-ab.sh} does.
     */
    private static Map<String, Object> firstMinuteOfAotStart(Load load, String secret, Path work, int[] shape, int idleSeconds) throws Exception {
        Optional<List<String>> command = Server.aotStartCommand();
        if (command.isEmpty()) {
            return null;
        }
        int socketPort = FreePorts.find();
        int httpPort = FreePorts.find();
        Map<String, String> env = stackEnv(work.resolve("data-aot-start"), secret, FreePorts.find(), FreePorts.find(), socketPort, httpPort);
        long launched = System.nanoTime();
        try (Server stack = Server.start("standalone-aot-start", command.get(), env, socketPort, work)) {
            double firstSocket = firstSocket(stack.url(), load.token(dev.switchboard.events.Ids.newId(), Role.CLIENT), launched);
            String httpUrl = "http://127.0.0.1:" + httpPort;
            try (LatencyScenario.Session session = LatencyScenario.Session.open(load, stack.url(), 50,
                    (client, provider) -> LatencyScenario.openChat(load, httpUrl, client, provider), new java.util.ArrayList<>())) {
                WarmupScenario warmup = WarmupScenario.firstMinute(session, shape[0], launched, shape[1]);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("command", String.join(" ", command.get()));
                result.put("firstSocketSeconds", firstSocket);
                result.putAll(warmup.steadyAndIdle(60, 20, stack.pid(), Map.of(), idleSeconds));
                System.out.println("first minute of the AOT start " + result);
                return result;
            }
        }
    }

    private static double firstSocket(String url, String token, long launched) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            try {
                SioClient.connect(Load.HTTP, url, token).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join().close();
                return Math.round((System.nanoTime() - launched) / 1e7) / 100.0;
            } catch (RuntimeException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }
}
