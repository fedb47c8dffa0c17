package dev.switchboard.standalone;

import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.auth.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar switchboard-standalone.jar} starts the stack;
 * {@code java -jar switchboard-standalone.jar token --user U --role client [--name N] [--picture URL] [--ttl-hours H]}
 * prints a token signed with the stack's secret.
 */
public final class StandaloneMain {
    private StandaloneMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(mintToken(args));
        }
        Standalone standalone = Standalone.start(Standalone.Settings.fromEnvironment());
        Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "standalone-shutdown"));
    }

    private static int mintToken(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
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
