package dev.switchboard.standalone;

import dev.switchboard.gateway.GatewaySettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** {@code JWT_SECRET}, or a development secret generated once and kept under {@code DATA_DIR}. */
final class DevSecret {
    private DevSecret() {
    }

    static String resolve(Standalone.Settings settings, Path dataDir) throws IOException {
        String configured = settings.get("JWT_SECRET", null);
        if (configured != null) {
            return configured;
        }
        Path file = dataDir.resolve(GatewaySettings.DEV_SECRET_FILE);
        if (Files.isReadable(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Files.createDirectories(dataDir);
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        // the secret itself never goes to the output: logs are collected and kept where the file is not; stderr, so
        // that TOKEN=$(java -jar … token …) takes the token alone
        System.err.println("Generated a development JWT secret, kept in " + file + " (mint tokens with the token command)");
        return secret;
    }
}
