package dev.switchboard.events.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the cluster who it is, within a time limit: the health checks' "can this process reach Kafka now". One admin client,
 * created on first use and kept (it reconnects by itself after an outage).
 */
public final class ClusterCheck implements AutoCloseable {
    private final KafkaCluster cluster;
    private final Duration timeout;
    private Admin admin;

    public ClusterCheck(KafkaCluster cluster, Duration timeout) {
        this.cluster = cluster;
        this.timeout = timeout;
    }

    /** What the cluster said; throws when it did not answer in time. */
    public synchronized Reachable check() throws ExecutionException, InterruptedException, TimeoutException {
        if (admin == null) {
            Map<String, Object> config = cluster.clientConfig("switchboard-health");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            admin = Admin.create(config);
        }
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        long millis = timeout.toMillis();
        return new Reachable(cluster.clusterId().get(millis, TimeUnit.MILLISECONDS),
                cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size());
    }

    /** The cluster's id and how many brokers it reported. */
    public record Reachable(String clusterId, int brokers) {
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
