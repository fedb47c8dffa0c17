package dev.switchboard.standalone;

import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.auth.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code token --user U --role R [--name N] [--picture URL] [--ttl-hours H]}: prints a token signed with the stack's secret. */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints a token signed with the stack's secret (JWT_SECRET, or the development secret under DATA_DIR).")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, paramLabel = "USER_ID")
    String user;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "client, provider, admin or service")
    String role;

    @Option(names = "--name", paramLabel = "NAME")
    String name;

    @Option(names = "--picture", paramLabel = "URL")
    String picture;

    @Option(names = "--ttl-hours", paramLabel = "H", defaultValue = "24")
    long ttlHours;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Role parsed = Role.fromWire(role).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--role must be client, provider, admin or service, not " + role));
        Standalone.Settings settings = Standalone.Settings.fromEnvironment();
        StandaloneLogging.initialize(settings);
        String secret = DevSecret.resolve(settings, Path.of(settings.get("DATA_DIR", "./data")).toAbsolutePath());
        spec.commandLine().getOut().println(new Tokens(secret).mint(user, parsed, name, picture, Duration.ofHours(ttlHours)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
