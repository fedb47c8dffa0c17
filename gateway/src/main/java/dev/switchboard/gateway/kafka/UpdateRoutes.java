package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Which push each update type makes: one row per update, contributed by the features' {@link UpdatePushes}. */
public final class UpdateRoutes {
    private final Map<Class<?>, Consumer<Envelope<?>>> routes = new HashMap<>();

    @SuppressWarnings("unchecked")
    public <E extends Event> UpdateRoutes on(Class<E> type, Consumer<Envelope<E>> push) {
        if (routes.put(type, update -> push.accept((Envelope<E>) update)) != null) {
            throw new IllegalStateException("two pushes for " + type.getName());
        }
        return this;
    }

    /** Pushes the update; false when no push is routed for its type. */
    boolean dispatch(Envelope<?> update) {
        Consumer<Envelope<?>> push = routes.get(update.payload().getClass());
        if (push != null) {
            push.accept(update);
            return true;
        }
        return false;
    }
}
