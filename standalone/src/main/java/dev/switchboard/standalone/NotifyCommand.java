package dev.switchboard.standalone;

import dev.switchboard.events.notification.NotificationPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code notify --user U --type T --title T --message M [--key K] [--service S]}: publishes a notification with the Java
 * client library ({@code NotificationPublisher}) and prints its id and the time the log had it.
 */
@Command(name = "notify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes a notification with NotificationPublisher to KAFKA_BOOTSTRAP_SERVERS (default: the embedded broker's KAFKA_PORT).")
final class NotifyCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, paramLabel = "USER_ID")
    String user;

    @Option(names = "--type", required = true)
    String type;

    @Option(names = "--title", required = true)
    String title;

    @Option(names = "--message", required = true)
    String message;

    @Option(names = "--key", paramLabel = "IDEMPOTENCY_KEY")
    String key;

    @Option(names = "--service", paramLabel = "NAME", defaultValue = "cli")
    String service;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Standalone.Settings settings = Standalone.Settings.fromEnvironment();
        StandaloneLogging.initialize(settings);
        String bootstrap = settings.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + settings.get("KAFKA_PORT", "9092"));
        try (NotificationPublisher publisher = new NotificationPublisher(bootstrap, service)) {
            String id = publisher.publish(user, type, title, message, Map.of(), key).join();
            spec.commandLine().getOut().println(id + " " + System.currentTimeMillis());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("could not publish: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
