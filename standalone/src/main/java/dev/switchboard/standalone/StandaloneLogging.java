package dev.switchboard.standalone;

import dev.switchboard.projector.ProjectorApplication;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.HashMap;
import java.util.Map;

/**
 * Spring Boot's logging, set up once before anything logs: the embedded broker and store start before either application
 * context, and their lines should look like the rest (plain text, or JSON with {@code LOG_FORMAT=json}). The contexts
 * started afterwards find the logging set up and keep it. (Replaces a {@code logback.xml}, which Spring Boot would have
 * taken over and which knows no structured format.)
 */
final class StandaloneLogging {
    /** The embedded broker and the libraries are chatty below WARN. */
    private static final Map<String, LogLevel> QUIET = Map.of(
            "org.apache.kafka", LogLevel.WARN,
            "kafka", LogLevel.WARN,
            "state.change.logger", LogLevel.WARN,
            "kafka.server.DefaultAutoTopicCreationManager", LogLevel.ERROR,
            "de.bwaldvogel", LogLevel.WARN,
            "io.netty", LogLevel.WARN,
            "com.corundumstudio", LogLevel.WARN,
            "org.springframework", LogLevel.WARN,
            "org.mongodb.driver", LogLevel.WARN);

    private StandaloneLogging() {
    }

    static void initialize(Standalone.Settings settings) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> overrides = new HashMap<>();
        settings.overrides().forEach((name, value) -> overrides.put(name, String.valueOf(value)));
        environment.getPropertySources().addFirst(new MapPropertySource("standalone-settings", overrides));
        environment.getPropertySources().addLast(new MapPropertySource("switchboard-defaults", ProjectorApplication.operations()));
        LoggingSystem logging = LoggingSystem.get(StandaloneLogging.class.getClassLoader());
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(environment), null, null);
        QUIET.forEach(logging::setLogLevel); // the contexts then apply their own logging.level.* settings on top
    }
}
