package dev.switchboard.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * {@code PROJECTOR_INSTANCE_ID}, or one generated once and kept under {@code DATA_DIR}: the same stack restarted on its
 * data (after a crash too) is the same static member of the projector's group and resumes at once.
 */
final class ProjectorInstanceId {
    static final String FILE = "projector-instance-id";

    private ProjectorInstanceId() {
    }

    static String resolve(Standalone.Settings settings, Path dataDir) throws IOException {
        String configured = settings.get("PROJECTOR_INSTANCE_ID", null);
        if (configured != null) {
            return configured;
        }
        Path file = dataDir.resolve(FILE);
        if (Files.isReadable(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = "switchboard-projector-" + UUID.randomUUID();
        Files.createDirectories(dataDir);
        Files.writeString(file, id, StandardCharsets.UTF_8);
        return id;
    }
}
