package dev.switchboard.projector.health;

import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.projector.store.ReadModels;
import dev.switchboard.health.KafkaReachable;
import dev.switchboard.health.StoreReachable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Readiness contributors {@code kafka} and {@code store}, the checks the gateway makes too. */
@Configuration(proxyBeanMethods = false)
public class ReachabilityChecks {

    @Bean
    KafkaReachable kafkaHealthIndicator(ProjectorSettings settings) {
        return new KafkaReachable(settings.kafkaCluster());
    }

    @Bean
    StoreReachable storeHealthIndicator(ReadModels readModels) {
        return new StoreReachable(readModels::ping);
    }
}
