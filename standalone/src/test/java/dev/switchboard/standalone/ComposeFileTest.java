package dev.switchboard.standalone;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The repository's {@code docker-compose.yml} as Docker Compose itself reads it: {@code docker-compose config} (Debian's
 * docker-compose 1.29, which needs no Docker engine) resolves and validates the file, and the essentials are checked on
 * its output; the {@code Dockerfile}'s stages are read as text. No image is built and no container started here (there
 * is no engine). Without the binary the test is skipped, except under CI ({@code CI=true}), where {@code .ci/run}
 * installs it and its absence fails.
 */
class ComposeFileTest {
    private static final String SECRET = "compose-test-secret-0123456789abcdef0123456789";
    private static Path root;
    private static Map<String, Object> config;

    @BeforeAll
    static void resolve() throws Exception {
        root = repositoryRoot();
        String binary = onPath("docker-compose");
        if (binary == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("docker-compose is not installed; .ci/run installs it (apt-get install docker-compose)");
            }
            String skipped = "docker-compose is not installed (apt-get install docker-compose): docker-compose.yml not validated";
            System.out.println("ComposeFileTest skipped: " + skipped); // the build log says so, not only the test report
            Assumptions.abort(skipped);
        }
        Path env = Files.createTempFile("switchboard-compose", ".env");
        try {
            Files.writeString(env, Files.readString(root.resolve(".env.example")).replace("JWT_SECRET=\n", "JWT_SECRET=" + SECRET + "\n"));
            Result result = compose(binary, env);
            assertEquals(0, result.exit(), "docker-compose config refused the file:\n" + result.output());
            config = new Yaml().load(result.output());
        } finally {
            Files.deleteIfExists(env);
        }
    }

    @Test
    void kafkaKeepsItsLogOnANamedVolume() {
        Map<String, Object> kafka = service("kafka");
        String logDirs = (String) env(kafka).get("KAFKA_LOG_DIRS");
        assertNotNull(logDirs, "KAFKA_LOG_DIRS must be set: the image writes to /tmp/kraft-combined-logs otherwise");
        String volume = namedVolumeAt(kafka, logDirs);
        assertNotNull(volume, "a named volume mounted at " + logDirs + ": " + kafka.get("volumes"));
        assertTrue(section("volumes").containsKey(volume), "volume " + volume + " is declared");
        assertEquals("apache/kafka", ((String) kafka.get("image")).split(":")[0], "the official image");
        assertTrue(env(kafka).get("KAFKA_PROCESS_ROLES").toString().contains("controller"), "KRaft: broker and controller");
    }

    @Test
    void kafkaHasAListenerTheHostCanReach() {
        Map<String, Object> kafka = service("kafka");
        Matcher host = Pattern.compile("HOST://localhost:(\\d+)").matcher((String) env(kafka).get("KAFKA_ADVERTISED_LISTENERS"));
        assertTrue(host.find(), "a listener advertised as localhost");
        assertTrue(publishedPorts(kafka).contains(host.group(1)), "its port is published: " + kafka.get("ports"));
    }

    @Test
    void mongoIsAReplicaSetThatItsHealthCheckInitiates() {
        Map<String, Object> mongo = service("mongo");
        assertTrue(String.valueOf(mongo.get("command")).contains("--replSet"), "started as a replica set member");
        assertTrue(String.valueOf(healthcheck(mongo).get("test")).contains("rs.initiate"), "the health check initiates the set");
        assertNotNull(namedVolumeAt(mongo, "/data/db"), "the data on a named volume");
        assertTrue(env(service("projector")).get("MONGODB_URI").toString().contains("replicaSet=rs0"));
    }

    @Test
    void everyServiceHasAHealthCheckAndARestartPolicy() {
        for (String name : section("services").keySet()) {
            Map<String, Object> service = service(name);
            assertFalse(String.valueOf(healthcheck(service).get("test")).isBlank(), name + " health check");
            assertEquals("unless-stopped", service.get("restart"), name + " restart policy");
        }
    }

    @Test
    void switchboardStartsOnlyOnceWhatItNeedsIsHealthy() {
        for (String name : List.of("projector", "gateway-1", "gateway-2")) {
            Map<String, Object> dependsOn = map(service(name).get("depends_on"), name + " depends_on");
            for (String needed : List.of("kafka", "mongo")) {
                assertEquals("service_healthy", map(dependsOn.get(needed), name + " on " + needed).get("condition"), name + " waits for " + needed);
            }
        }
        for (String gateway : List.of("gateway-1", "gateway-2")) {
            assertEquals("service_healthy", map(map(service(gateway).get("depends_on"), gateway).get("projector"), gateway).get("condition"));
        }
    }

    @Test
    void twoGatewaysShareTheSecretAndNothingElse() {
        Map<String, Object> first = service("gateway-1");
        Map<String, Object> second = service("gateway-2");
        assertEquals(SECRET, env(first).get("JWT_SECRET"));
        assertEquals(env(first).get("JWT_SECRET"), env(second).get("JWT_SECRET"));
        assertNotEquals(env(first).get("GATEWAY_ID"), env(second).get("GATEWAY_ID"));
        assertEquals(first.get("image"), second.get("image"), "one image");
        List<String> ports = new ArrayList<>(publishedPorts(first));
        ports.addAll(publishedPorts(second));
        assertEquals(ports.size(), ports.stream().distinct().count(), "each gateway on its own host ports: " + ports);
    }

    @Test
    void theGatewaysActuatorIsOffThePublicPortAndOnlyOnTheHostsLoopback() {
        for (String name : List.of("gateway-1", "gateway-2")) {
            Map<String, Object> gateway = service(name);
            String management = String.valueOf(env(gateway).get("MANAGEMENT_SERVER_PORT"));
            assertTrue(management.matches("\\d+") && !management.equals("8080"), name + " MANAGEMENT_SERVER_PORT: " + management);
            assertTrue(String.valueOf(healthcheck(gateway).get("test")).contains(management), name + " checks readiness there");
            List<?> ports = (List<?>) gateway.get("ports");
            assertTrue(ports.stream().map(String::valueOf).anyMatch(port -> port.startsWith("127.0.0.1:") && port.contains(":" + management)),
                    name + " publishes it on 127.0.0.1 only: " + ports);
        }
    }

    @Test
    void aMissingSecretStopsComposeBeforeAnythingRuns() throws Exception {
        Path env = Files.createTempFile("switchboard-compose", ".env");
        try {
            Files.writeString(env, Files.readString(root.resolve(".env.example")));
            Result result = compose(onPath("docker-compose"), env);
            assertNotEquals(0, result.exit());
            assertTrue(result.output().contains("set JWT_SECRET"), result.output());
        } finally {
            Files.deleteIfExists(env);
        }
    }

    @Test
    void gatewayAndProjectorAreImagesOfThisRepositoryOnAJreAsANonRootUser() throws IOException {
        Map<String, Stage> stages = Stage.read(Files.readString(root.resolve("Dockerfile")));
        for (String name : List.of("projector", "gateway-1", "gateway-2")) {
            Map<String, Object> build = map(service(name).get("build"), name + " build");
            String target = (String) build.get("target");
            assertTrue(stages.containsKey(target), "a Dockerfile stage " + target);
            assertTrue(stages.get(target).base(stages).matches("eclipse-temurin:\\d+-jre"), target + " runs on a JRE: " + stages.get(target).base(stages));
            String user = stages.get(target).user(stages);
            assertNotNull(user, target + " sets USER");
            assertFalse(user.equals("root") || user.startsWith("0"), target + " runs as " + user);
        }
    }

    /** A Dockerfile stage: its base (another stage or an image) and the last USER it sets. */
    private record Stage(String from, String user) {
        static Map<String, Stage> read(String dockerfile) {
            Map<String, Stage> stages = new LinkedHashMap<>();
            String name = null;
            String from = null;
            String user = null;
            for (String line : dockerfile.lines().map(String::trim).toList()) {
                Matcher stage = Pattern.compile("(?i)FROM\\s+(\\S+)\\s+AS\\s+(\\S+)").matcher(line);
                if (stage.matches()) {
                    if (name != null) {
                        stages.put(name, new Stage(from, user));
                    }
                    from = stage.group(1);
                    name = stage.group(2);
                    user = null;
                } else if (line.toUpperCase().startsWith("USER ")) {
                    user = line.substring(5).trim();
                }
            }
            if (name != null) {
                stages.put(name, new Stage(from, user));
            }
            return stages;
        }

        String base(Map<String, Stage> stages) {
            return stages.containsKey(from) ? stages.get(from).base(stages) : from;
        }

        String user(Map<String, Stage> stages) {
            return user != null ? user : stages.containsKey(from) ? stages.get(from).user(stages) : null;
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result compose(String binary, Path env) throws Exception {
        Process process = new ProcessBuilder(binary, "--env-file", env.toString(), "-f", root.resolve("docker-compose.yml").toString(), "config")
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose config finished");
        return new Result(process.exitValue(), output);
    }

    private static Map<String, Object> section(String name) {
        return map(config.get(name), name);
    }

    private static Map<String, Object> service(String name) {
        return map(section("services").get(name), "service " + name);
    }

    private static Map<String, Object> env(Map<String, Object> service) {
        return map(service.get("environment"), "environment");
    }

    private static Map<String, Object> healthcheck(Map<String, Object> service) {
        return map(service.get("healthcheck"), "healthcheck");
    }

    /** The named volume (source without a path) mounted at {@code target}, or null. */
    private static String namedVolumeAt(Map<String, Object> service, String target) {
        for (Object volume : (List<?>) service.getOrDefault("volumes", List.of())) {
            String[] parts = volume.toString().split(":");
            if (parts.length >= 2 && parts[1].equals(target) && !parts[0].contains("/")) {
                return parts[0];
            }
        }
        return null;
    }

    private static List<String> publishedPorts(Map<String, Object> service) {
        List<String> ports = new ArrayList<>();
        for (Object port : (List<?>) service.getOrDefault("ports", List.of())) {
            ports.add(port instanceof Map<?, ?> mapping ? String.valueOf(mapping.get("published")) : port.toString().replaceAll("^(?:.*:)?(\\d+):\\d+(?:/\\w+)?$", "$1"));
        }
        return ports;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertTrue(value instanceof Map, what + " is a mapping: " + value);
        return (Map<String, Object>) value;
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File file = new File(dir, command);
            if (file.canExecute()) {
                return file.getAbsolutePath();
            }
        }
        return null;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "docker-compose.yml above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
