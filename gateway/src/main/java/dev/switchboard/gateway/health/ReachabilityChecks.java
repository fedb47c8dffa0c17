package dev.switchboard.gateway.health;

import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.store.GatewayReadModels;
import dev.switchboard.health.KafkaReachable;
import dev.switchboard.health.StoreReachable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Readiness contributors {@code kafka} and {@code store}, the checks the projector makes too. */
@Configuration(proxyBeanMethods = false)
public class ReachabilityChecks {

    @Bean
    KafkaReachable kafkaHealthIndicator(GatewaySettings settings) {
        return new KafkaReachable(settings.kafkaCluster());
    }

    @Bean
    StoreReachable storeHealthIndicator(GatewayReadModels readModels) {
        return new StoreReachable(timeout -> {
            if (readModels.isFoundHanging()) { // down at once: a load balancer's probe would time out waiting for the ping
                throw new IllegalStateException("a command timed out waiting for the store, and it has not answered a ping since");
            }
            readModels.ping(timeout);
        });
    }
}
