package dev.switchboard.events.kafka;

import dev.switchboard.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates every {@link Topic} that does not exist yet, with the cluster's {@link KafkaCluster.TopicLayout}; safe to run
 * from every process at start. Existing topics are left as they are: more partitions would move keys to other
 * partitions and break per-key order, so a layout change is an operator's decision (see docs/ARCHITECTURE.md).
 * <p>
 * An existing topic kept {@link Topic.Retention#FOREVER} that does not keep every record (one created by someone else with
 * the brokers' default retention, seven days unless changed, or compacted) is refused at start, naming the setting:
 * the log is the source of truth, and such a topic would delete acked actions without a word.
 */
public final class TopicProvisioner {
    private TopicProvisioner() {
    }

    public static void ensureTopics(KafkaCluster cluster) {
        KafkaCluster.TopicLayout layout = cluster.topics();
        try (Admin admin = KafkaClients.admin(cluster)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            refuseTopicsThatDoNotKeepEveryRecord(admin, existing);
            List<NewTopic> missing = Arrays.stream(Topic.values())
                    .filter(topic -> !existing.contains(topic.topicName()))
                    .map(topic -> new NewTopic(topic.topicName(), layout.partitions(), layout.replicationFactor()).configs(configsOf(topic, layout)))
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
            String why = e instanceof TimeoutException ? "no answer within 30 s" : e.getMessage();
            throw new IllegalStateException("cannot check or create topics on " + cluster.bootstrapServers() + ": " + why, e);
        }
    }

    /**
     * A new topic's settings: its retention, and for one kept forever no size limit and no compaction, whatever the
     * brokers' defaults would give it.
     */
    private static Map<String, String> configsOf(Topic topic, KafkaCluster.TopicLayout layout) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().retentionMs()));
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInsyncReplicas()));
        if (topic.retention() == Topic.Retention.FOREVER) {
            configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        }
        return configs;
    }

    private static void refuseTopicsThatDoNotKeepEveryRecord(Admin admin, Set<String> existing)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> kept = Arrays.stream(Topic.values())
                .filter(topic -> topic.retention() == Topic.Retention.FOREVER && existing.contains(topic.topicName()))
                .map(Topic::topicName).sorted().toList();
        if (kept.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = kept.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                throw new IllegalStateException("cannot check that the topics kept forever keep every record: grant this principal "
                        + "DescribeConfigs on " + kept + " (docs/SECURITY.md)", e.getCause());
            }
            throw e;
        }
        List<String> refusals = new ArrayList<>();
        for (ConfigResource resource : resources) {
            Config config = configs.get(resource);
            Map<String, String> values = config.entries().stream().filter(entry -> entry.value() != null)
                    .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
            notKeepingEveryRecord(resource.name(), values).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException("the event log is the source of truth, and these topics do not keep every record: "
                    + String.join("; ", refusals) + ". Change them (kafka-configs.sh --bootstrap-server … --alter --entity-type topics "
                    + "--entity-name <topic> --add-config retention.ms=-1,retention.bytes=-1,cleanup.policy=delete) and start again");
        }
    }

    /** Why a topic with these (effective) settings would lose records it was given, if it would. */
    static Optional<String> notKeepingEveryRecord(String topic, Map<String, String> settings) {
        List<String> wrong = new ArrayList<>();
        for (String limit : List.of(TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_BYTES_CONFIG)) {
            String value = settings.getOrDefault(limit, "-1");
            if (!value.equals("-1")) {
                wrong.add(limit + "=" + value);
            }
        }
        String cleanup = settings.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        if (cleanup.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            wrong.add(TopicConfig.CLEANUP_POLICY_CONFIG + "=" + cleanup);
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(topic + " has " + String.join(", ", wrong));
    }
}
