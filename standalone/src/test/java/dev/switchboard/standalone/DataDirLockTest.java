package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirLockTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void aSecondStackOnARunningStacksDataDirIsRefusedBeforeItOpensAnything() throws Exception {
        Path dataDir = Path.of(stack.settings().get("DATA_DIR").toString());
        Path metadata = dataDir.resolve("kafka");
        long metadataFilesBefore;
        try (var files = Files.walk(metadata)) {
            metadataFilesBefore = files.count();
        }
        Map<String, Object> second = new HashMap<>(TestStack.settings(dataDir)); // other ports, the same directory

        IllegalStateException refused = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IllegalStateException.class, () -> TestStack.start(second)));

        assertTrue(refused.getMessage().contains("is in use by another running Switchboard stack"), refused.getMessage());
        try (var files = Files.walk(metadata)) {
            assertEquals(metadataFilesBefore, files.count(), "the running stack's broker directory is as it was");
        }
        try (SocketClient client = SocketClient.connected(stack, Ids.newId(), "client")) {
            assertTrue(client.isConnected(), "the running stack serves on");
        }
    }

    @Test
    void aStoppedStacksDataDirCanBeUsedAgain() throws Exception {
        Path dataDir = Files.createTempDirectory("switchboard-lock");
        try (DataDirLock first = DataDirLock.acquire(dataDir)) {
            assertThrows(IllegalStateException.class, () -> DataDirLock.acquire(dataDir));
        }
        DataDirLock.acquire(dataDir).close();
    }
}
