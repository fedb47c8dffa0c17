package dev.switchboard.projector;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/** The projector process: consumes actions, decides, writes the read models, publishes updates. */
@SpringBootApplication
public class ProjectorApplication {

    public static void main(String[] args) {
        builder(Map.of()).run(args);
    }

    /** The projector's application, with {@code defaults} below the environment (used by standalone and tests). */
    public static SpringApplicationBuilder builder(Map<String, Object> defaults) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "spring.application.name", "switchboard-projector",
                "spring.main.banner-mode", "off",
                "logging.level.org.apache.kafka", "WARN"));
        properties.putAll(defaults);
        return new SpringApplicationBuilder(ProjectorApplication.class).web(WebApplicationType.NONE).properties(properties);
    }
}
