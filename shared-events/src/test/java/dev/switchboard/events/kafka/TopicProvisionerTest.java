package dev.switchboard.events.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopicProvisionerTest {

    @Test
    void aTopicKeptForeverKeepsEveryRecordWithNoLimitAndNoCompaction() {
        assertEquals(Optional.empty(), TopicProvisioner.notKeepingEveryRecord("t",
                Map.of("retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete")));
        assertEquals(Optional.empty(), TopicProvisioner.notKeepingEveryRecord("t", Map.of()));
    }

    @Test
    void theBrokersDefaultRetentionASizeLimitAndCompactionAreEachNamed() {
        assertEquals(Optional.of("t has retention.ms=604800000"), TopicProvisioner.notKeepingEveryRecord("t",
                Map.of("retention.ms", "604800000", "retention.bytes", "-1", "cleanup.policy", "delete")));
        assertEquals(Optional.of("t has retention.bytes=1073741824, cleanup.policy=compact,delete"), TopicProvisioner.notKeepingEveryRecord("t",
                Map.of("retention.ms", "-1", "retention.bytes", "1073741824", "cleanup.policy", "compact,delete")));
        assertEquals(Optional.of("t has cleanup.policy=compact"), TopicProvisioner.notKeepingEveryRecord("t",
                Map.of("cleanup.policy", "compact")));
    }
}
