package dev.switchboard.events;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of event types, built from the sealed families of {@link Topic}: a record's type name is its
 * simple class name, unique across all families (checked here at class-load time).
 */
public final class EventTypes {
    private static final Map<String, Class<? extends Event>> BY_NAME = discover();

    private EventTypes() {
    }

    public static String nameOf(Event event) {
        return event.getClass().getSimpleName();
    }

    public static int versionOf(Event event) {
        return versionOf(event.getClass());
    }

    public static int versionOf(Class<?> type) {
        EventVersion version = type.getAnnotation(EventVersion.class);
        return version == null ? 1 : version.value();
    }

    public static Class<? extends Event> classOf(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown event type " + name));
    }

    /** The event record named {@code name}, if there is one. */
    public static Optional<Class<? extends Event>> find(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /** The current (newest) schema version of the type named {@code name}. */
    public static int versionOf(String name) {
        return versionOf(classOf(name));
    }

    public static Map<String, Class<? extends Event>> all() {
        return Collections.unmodifiableMap(BY_NAME);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Class<? extends Event>> discover() {
        Map<String, Class<? extends Event>> byName = new LinkedHashMap<>();
        for (Topic topic : Topic.values()) {
            Deque<Class<?>> pending = new ArrayDeque<>();
            pending.add(topic.family());
            while (!pending.isEmpty()) {
                Class<?> type = pending.poll();
                if (type.isSealed()) {
                    pending.addAll(List.of(type.getPermittedSubclasses()));
                } else if (type.isRecord()) {
                    Class<?> previous = byName.putIfAbsent(type.getSimpleName(), (Class<? extends Event>) type);
                    if (previous != null && previous != type) {
                        throw new IllegalStateException("event type name used twice: " + type.getSimpleName());
                    }
                }
            }
        }
        return byName;
    }
}
