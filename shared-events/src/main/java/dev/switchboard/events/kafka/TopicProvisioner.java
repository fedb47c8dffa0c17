package dev.switchboard.events.kafka;

import dev.switchboard.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates every {@link Topic} that does not exist yet, with the cluster's {@link KafkaCluster.TopicLayout}; safe to run
 * from every process at start. Existing topics are left as they are: more partitions would move keys to other
 * partitions and break per-key order, so a layout change is an operator's decision (see docs/ARCHITECTURE.md).
 */
public final class TopicProvisioner {
    private TopicProvisioner() {
    }

    public static void ensureTopics(KafkaCluster cluster) {
        KafkaCluster.TopicLayout layout = cluster.topics();
        try (Admin admin = KafkaClients.admin(cluster)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Arrays.stream(Topic.values())
                    .filter(topic -> !existing.contains(topic.topicName()))
                    .map(topic -> new NewTopic(topic.topicName(), layout.partitions(), layout.replicationFactor())
                            .configs(Map.of(
                                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().retentionMs()),
                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInsyncReplicas()))))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + cluster.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }
}
