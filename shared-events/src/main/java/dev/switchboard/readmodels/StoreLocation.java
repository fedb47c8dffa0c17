package dev.switchboard.readmodels;

import java.util.Optional;
import java.util.function.Function;

/**
 * Where the read models are: {@code MONGODB_URI} (default {@code mongodb://127.0.0.1:27017}) and {@code MONGODB_DATABASE}
 * (default {@code switchboard}), read here for the gateway and the projector alike.
 */
public record StoreLocation(String uri, String database) {
    public static final String DEFAULT_URI = "mongodb://127.0.0.1:27017";
    public static final String DEFAULT_DATABASE = "switchboard";

    /** From the settings ({@code setting} answers null for one that is not set). */
    public static StoreLocation fromSettings(Function<String, String> setting) {
        return new StoreLocation(Optional.ofNullable(setting.apply("MONGODB_URI")).orElse(DEFAULT_URI),
                Optional.ofNullable(setting.apply("MONGODB_DATABASE")).orElse(DEFAULT_DATABASE));
    }
}
