package dev.switchboard.bench;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatIds;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log's own tools on a log of {@code otherEvents} actions (chats opened and messages, notifications, join requests
 * for tickets that do not exist, spread over every partition) plus one ticket of {@code ticketMessages} messages: the
 * audit of that ticket (p50), then {@code rebuild --verify} into a new database and {@code export} of every topic, each
 * as its own {@code java -jar switchboard-standalone.jar} process against the running stack, with the rates they report.
 * When bench/run.sh trained the ahead-of-time cache (BENCH_AOT_START, see {@link Server#aotStartCommand()}), the
 * rebuild runs a second time through {@code bash standalone/aot-start.sh rebuild}, and then a third time with
 * {@code java -jar} again, so the AOT run is measured between two plain ones on the same, equally warm stack.
 */
final class LogToolsScenario {
    private static final Pattern REBUILT = Pattern.compile("from ([\\d,]+) actions in ([\\d.]+) s \\(([\\d,]+) actions/s\\)");
    /** The rebuild's plain progress line, printed every 5 s when stderr is not a terminal. */
    private static final Pattern PROGRESS = Pattern.compile("(?m)^rebuild: ([\\d,]+) / ");
    private static final Pattern EXPORTED = Pattern.compile("exported (\\d+) events in ([\\d.]+) s \\((\\d+) events/s\\)");

    private final Path standaloneJar;
    private final String kafka;
    private final String mongoUri;
    private final Path work;

    LogToolsScenario(Path standaloneJar, String kafka, String mongoUri, Path work) {
        this.standaloneJar = standaloneJar;
        this.kafka = kafka;
        this.mongoUri = mongoUri;
        this.work = work;
    }

    Map<String, Object> run(ServiceScenarios services, int otherEvents, int ticketMessages, int auditReads) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        long started = System.nanoTime();
        fill(otherEvents);
        result.put("otherEvents", otherEvents);
        awaitProjectorCaughtUp();
        result.put("liveProjectorSeconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        Map<String, Object> audit = services.audit(ticketMessages, auditReads);
        awaitProjectorCaughtUp();
        result.put("audit", audit);
        result.put("rebuild", rebuild(null, plainJava()));
        Optional<List<String>> aot = Server.aotStartCommand();
        if (aot.isPresent()) {
            result.put("rebuildWithAotStart", rebuild(null, aot.get()));
            result.put("rebuildAgain", rebuild(null, plainJava()));
        }
        result.put("rebuildInLargerBatches", rebuild(2000, plainJava()));
        result.put("export", export());
        System.out.println("logtools " + result);
        return result;
    }

    /** Actions as gateways and services record them, keyed like theirs, so every partition of four topics gets some. */
    private void fill(int count) throws Exception {
        int chats = 200;
        List<String[]> pairs = new ArrayList<>();
        try (KafkaProducer<String, Envelope<?>> producer = KafkaClients.producer(KafkaCluster.at(kafka), "bench-logtools")) {
            for (int i = 0; i < chats; i++) {
                String client = Ids.newId();
                String provider = Ids.newId();
                String chatId = ChatIds.forPair(client, provider);
                pairs.add(new String[]{chatId, client, provider});
                send(producer, chatId, Actor.user(client, "client"), new ChatRequested(chatId, client, "client", provider, "provider"));
            }
            for (int i = chats; i < count; i++) {
                int kind = i % 10;
                if (kind < 7) {
                    String[] pair = pairs.get(i % chats);
                    send(producer, pair[0], Actor.user(pair[1], "client"), new MessageSubmitted(Ids.newId(), pair[0], pair[1], "client",
                            "Bench Client", null, "message " + i + " of the bench's log", "text", List.of(), null, i % 2 == 0));
                } else if (kind < 9) {
                    String user = pairs.get(i % chats)[1];
                    send(producer, user, Actor.service("bench"), new NotificationRequested(Ids.newId(), user, "bench", "Title " + i,
                            "a notification of the bench's log", Map.of("n", i), null));
                } else {
                    String ticket = Ids.newId();
                    String user = pairs.get(i % chats)[2];
                    send(producer, ticket, Actor.user(user, "provider"), new TicketJoinRequested(ticket, user, "provider"));
                }
            }
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, Envelope<?>> producer, String key, Actor actor, Event payload) {
        producer.send(new ProducerRecord<>(Topic.of(payload).topicName(), key, Envelope.newAction(payload, actor, key, Instant.now())));
    }

    /** Until the stack's projector has applied every action (its group has committed every action partition's end). */
    private void awaitProjectorCaughtUp() throws Exception {
        long deadline = System.currentTimeMillis() + 600_000;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            while (true) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (Topic topic : Topic.readBy(Topic.Reader.PROJECTOR)) {
                    for (int p = 0; p < KafkaCluster.TopicLayout.SINGLE_BROKER.partitions(); p++) {
                        latest.put(new TopicPartition(topic.topicName(), p), OffsetSpec.latest());
                    }
                }
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                var committed = admin.listConsumerGroupOffsets("switchboard-projector").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean caughtUp = ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                        || (committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue().offset()));
                if (caughtUp) {
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the projector did not catch up within 10 minutes");
                }
                Thread.sleep(500);
            }
        }
    }

    /** {@code java [BENCH_TOOL_JAVA_OPTS] -jar switchboard-standalone.jar}, as an operator runs a tool. */
    private List<String> plainJava() {
        List<String> command = new ArrayList<>(List.of("java"));
        String javaOpts = System.getenv("BENCH_TOOL_JAVA_OPTS"); // e.g. a JFR recording of the rebuild ({tool}: its name)
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", standaloneJar.toString()));
        return command;
    }

    /** {@code rebuild --verify} into a new database, in batches of {@code batchSize} (null: the command's default). */
    private Map<String, Object> rebuild(Integer batchSize, List<String> launcher) throws Exception {
        List<String> args = new ArrayList<>(List.of("rebuild", "--into", "bench_rebuilt_" + System.currentTimeMillis(), "--verify"));
        if (batchSize != null) {
            args.addAll(List.of("--batch-size", batchSize.toString()));
        }
        Tool run = tool("rebuild", launcher, args.toArray(String[]::new));
        Matcher m = REBUILT.matcher(run.out());
        if (!m.find()) {
            throw new IllegalStateException("rebuild did not report its rate:\n" + run.out() + run.err());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batchSize", batchSize == null ? "default" : batchSize);
        result.put("launcher", String.join(" ", launcher));
        result.put("actions", Long.parseLong(m.group(1).replace(",", "")));
        result.put("seconds", Double.parseDouble(m.group(2)));
        result.put("actionsPerSecond", Long.parseLong(m.group(3).replace(",", "")));
        result.put("equal", run.status() == 0 && run.out().contains("equal: every compared collection"));
        result.put("actionsPerProgressLine", actionsPerProgressLine(run.err()));
        result.put("comparison", run.out().lines().filter(line -> line.startsWith("equal") || line.startsWith("first difference")
                || line.startsWith("note")).toList());
        return result;
    }

    /** The actions applied between one 5-second progress line and the next: where a rebuild was slow, and when. */
    static List<Long> actionsPerProgressLine(String err) {
        List<Long> applied = new ArrayList<>();
        long before = 0;
        Matcher line = PROGRESS.matcher(err);
        while (line.find()) {
            long done = Long.parseLong(line.group(1).replace(",", ""));
            applied.add(done - before);
            before = done;
        }
        return applied;
    }

    private Map<String, Object> export() throws Exception {
        Path file = work.resolve("export.jsonl");
        Tool run = tool("export", plainJava(), "export", "--topics", "all", "--out", file.toString());
        Matcher m = EXPORTED.matcher(run.err());
        if (run.status() != 0 || !m.find()) {
            throw new IllegalStateException("export failed:\n" + run.err());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", Long.parseLong(m.group(1)));
        result.put("seconds", Double.parseDouble(m.group(2)));
        result.put("eventsPerSecond", Long.parseLong(m.group(3)));
        result.put("megabytes", Math.round(Files.size(file) / 1e5) / 10.0);
        Files.deleteIfExists(file);
        return result;
    }

    private record Tool(int status, String out, String err) {
    }

    private Tool tool(String name, List<String> launcher, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        launcher.forEach(part -> command.add(part.replace("{tool}", name)));
        command.addAll(List.of(args));
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        builder.environment().put("MONGODB_URI", mongoUri);
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within 30 minutes");
        }
        Tool tool = new Tool(process.exitValue(), Files.readString(out), Files.readString(err));
        System.out.println(name + ": " + tool.out().strip());
        return tool;
    }
}
