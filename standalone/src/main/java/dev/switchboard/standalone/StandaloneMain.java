package dev.switchboard.standalone;

import dev.switchboard.events.notification.NotificationPublisher;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.auth.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar switchboard-standalone.jar} starts the stack;
 * {@code java -jar switchboard-standalone.jar token --user U --role client [--name N] [--picture URL] [--ttl-hours H]}
 * prints a token signed with the stack's secret;
 * {@code java -jar switchboard-standalone.jar notify --user U --type T --title T --message M [--key K] [--service S]}
 * publishes a notification with the Java client library ({@code NotificationPublisher}) to {@code KAFKA_BOOTSTRAP_SERVERS}
 * (default: the embedded broker's {@code KAFKA_PORT}) and prints its id and the time the log had it.
 */
public final class StandaloneMain {
    private StandaloneMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("token") || args[0].equals("notify"))) {
            StandaloneLogging.initialize(Standalone.Settings.fromEnvironment());
        }
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(mintToken(args));
        }
        if (args.length > 0 && args[0].equals("notify")) {
            System.exit(publishNotification(args));
        }
        Standalone standalone = Standalone.start(Standalone.Settings.fromEnvironment());
        Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "standalone-shutdown"));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static int publishNotification(String[] args) {
        Map<String, String> options = options(args);
        if (!options.keySet().containsAll(java.util.List.of("--user", "--type", "--title", "--message"))) {
            System.err.println("usage: notify --user USER_ID --type TYPE --title TITLE --message MESSAGE [--key IDEMPOTENCY_KEY] [--service NAME]");
            return 2;
        }
        Standalone.Settings settings = Standalone.Settings.fromEnvironment();
        String bootstrap = settings.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + settings.get("KAFKA_PORT", "9092"));
        try (NotificationPublisher publisher = new NotificationPublisher(bootstrap, options.getOrDefault("--service", "cli"))) {
            String id = publisher.publish(options.get("--user"), options.get("--type"), options.get("--title"), options.get("--message"),
                    Map.of(), options.get("--key")).join();
            System.out.println(id + " " + System.currentTimeMillis());
            return 0;
        } catch (RuntimeException e) {
            System.err.println("could not publish: " + e.getMessage());
            return 1;
        }
    }

    private static int mintToken(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String user = options.get("--user");
        Role role = Role.fromWire(options.getOrDefault("--role", "")).orElse(null);
        if (user == null || role == null) {
            System.err.println("usage: token --user USER_ID --role client|provider|admin|service [--name NAME] [--picture URL] [--ttl-hours H]");
            return 2;
        }
        Standalone.Settings settings = Standalone.Settings.fromEnvironment();
        String secret = DevSecret.resolve(settings, Path.of(settings.get("DATA_DIR", "./data")).toAbsolutePath());
        Duration ttl = Duration.ofHours(Long.parseLong(options.getOrDefault("--ttl-hours", "24")));
        System.out.println(new Tokens(secret).mint(user, role, options.get("--name"), options.get("--picture"), ttl));
        return 0;
    }
}
