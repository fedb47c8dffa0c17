package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.gateway.kafka.RoomPackets;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What each update type does at a gateway, one row per update, contributed by the features' {@link UpdatePushes}: its
 * room packets ({@link #on}), which a recovered session's replay makes again for that one connection, and what else
 * this gateway does when it reads the update live ({@link #live}: caches, answers to one connection), which a replay
 * does not repeat.
 */
public final class UpdateRoutes {
    private final Map<Class<?>, BiConsumer<Envelope<?>, RoomPackets>> pushes = new HashMap<>();
    private final Map<Class<?>, Consumer<Envelope<?>>> live = new HashMap<>();

    @SuppressWarnings("unchecked")
    public <E extends Event> UpdateRoutes on(Class<E> type, BiConsumer<Envelope<E>, RoomPackets> push) {
        if (pushes.put(type, (update, packets) -> push.accept((Envelope<E>) update, packets)) != null) {
            throw new IllegalStateException("two pushes for " + type.getName());
        }
        return this;
    }

    /** Done when the update is read live, before its room packets; never in a replay. */
    @SuppressWarnings("unchecked")
    public <E extends Event> UpdateRoutes live(Class<E> type, Consumer<Envelope<E>> effect) {
        if (live.put(type, update -> effect.accept((Envelope<E>) update)) != null) {
            throw new IllegalStateException("two live effects for " + type.getName());
        }
        return this;
    }

    void dispatch(Envelope<?> update, RoomPackets packets) {
        Consumer<Envelope<?>> effect = live.get(update.payload().getClass());
        if (effect != null) {
            effect.accept(update);
        }
        replay(update, packets);
    }

    /** Only the room packets. */
    void replay(Envelope<?> update, RoomPackets packets) {
        BiConsumer<Envelope<?>, RoomPackets> push = pushes.get(update.payload().getClass());
        if (push != null) {
            push.accept(update, packets);
        }
    }

    /** Whether a record of this type makes room packets at all. */
    boolean pushes(Envelope<?> update) {
        return pushes.containsKey(update.payload().getClass());
    }
}
