package dev.switchboard.gateway.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Whether this gateway can read the store now, as its reads see it: what an operator alerts on. */
@Component
public class StoreGauges {
    public static final String REACHABLE = "switchboard.store.reachable";

    public StoreGauges(MeterRegistry registry, GatewayReadModels store) {
        Gauge.builder(REACHABLE, store, s -> s.isReachable() ? 1 : 0)
                .description("1 while the driver knows a server to read from and the store was not found hanging, else 0")
                .register(registry);
    }
}
