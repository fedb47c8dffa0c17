package dev.switchboard.events.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Ids;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Notification actions; topic {@code switchboard.notification.actions}, keyed by the owner's userId. */
public sealed interface NotificationAction extends Event {

    /**
     * One method per action type: a handler is written for every type, so a new action type does not compile until
     * every handler has its method (Java 17 has no exhaustive switch over a sealed family).
     */
    interface Handler<R> {
        R create(NotificationRequested action);

        R deliver(NotificationDelivered action);

        R release(NotificationsJoined action);

        R markRead(NotificationRead action);

        R markAllRead(AllNotificationsRead action);
    }

    /** {@code handler}'s method for this action's type. */
    <R> R handledBy(Handler<R> handler);

    String userId();

    /**
     * A backend service asks for a notification (REST or {@link NotificationPublisher}). {@code idempotencyKey}
     * makes it idempotent per user: a second request with the same key creates nothing.
     */
    record NotificationRequested(String notificationId, String userId, String type, String title, String message,
                                 Map<String, Object> data, String idempotencyKey) implements NotificationAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.create(this);
        }

        public static final int MAX_TYPE = 64;
        public static final int MAX_TITLE = 200;
        public static final int MAX_MESSAGE = 2000;
        public static final int MAX_KEY = 128;
        public static final int MAX_DATA_DEPTH = 20;
        public static final int MAX_DATA_VALUES = 1000;
        public static final int MAX_DATA_CHARS = 16 * 1024;

        public NotificationRequested {
            data = data == null ? Map.of() : withJavaScriptIntegersAsDoubles(data);
        }

        /**
         * JavaScript writes a whole double below 1e21 as plain digits ({@code JSON.stringify(1e20)} is
         * {@code 100000000000000000000}), which JSON readers take for an integer beyond 64 bits. Such a literal that is a
         * double's text (the digits of its shortest form, then zeros) is read as that double; any other, such as 2^64 + 1,
         * is no double's text and stays as it is, to be refused rather than stored rounded.
         */
        @SuppressWarnings("unchecked")
        private static <T> T withJavaScriptIntegersAsDoubles(T value) {
            if (value instanceof BigInteger big) {
                double asDouble = big.doubleValue();
                boolean doublesText = Double.isFinite(asDouble)
                        && new BigDecimal(Double.toString(asDouble)).compareTo(new BigDecimal(big)) == 0;
                return doublesText ? (T) Double.valueOf(asDouble) : value;
            }
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> copy = null;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    Object read = withJavaScriptIntegersAsDoubles(entry.getValue());
                    if (read != entry.getValue() && copy == null) {
                        copy = new LinkedHashMap<>(map);
                    }
                    if (copy != null) {
                        copy.put(entry.getKey(), read);
                    }
                }
                return copy == null ? value : (T) copy;
            }
            if (value instanceof List<?> list) {
                List<Object> copy = null;
                for (int i = 0; i < list.size(); i++) {
                    Object read = withJavaScriptIntegersAsDoubles(list.get(i));
                    if (read != list.get(i) && copy == null) {
                        copy = new ArrayList<>(list);
                    }
                    if (copy != null) {
                        copy.set(i, read);
                    }
                }
                return copy == null ? value : (T) copy;
            }
            return value;
        }

        /** What is wrong with the request; empty when it is valid. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!Ids.isValid(notificationId)) {
                problems.add("notificationId must be an ObjectId string");
            }
            if (userId == null || userId.isBlank() || userId.length() > 64) {
                problems.add("userId is required");
            }
            requireText(problems, "type", type, MAX_TYPE);
            requireText(problems, "title", title, MAX_TITLE);
            requireText(problems, "message", message, MAX_MESSAGE);
            if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY)) {
                problems.add("idempotencyKey must be 1 to " + MAX_KEY + " characters");
            }
            dataProblem(data, 0, new int[1]).ifPresent(problems::add);
            if (problems.isEmpty() && dataText().length() > MAX_DATA_CHARS) {
                problems.add("data is at most " + MAX_DATA_CHARS + " characters as JSON");
            }
            return problems;
        }

        /**
         * {@code data} is stored as a document: objects with string keys, arrays, strings, booleans, null, and numbers
         * that fit a 64-bit integer or a double; at most {@value #MAX_DATA_DEPTH} levels and {@value #MAX_DATA_VALUES} values.
         */
        private static Optional<String> dataProblem(Object value, int depth, int[] values) {
            if (depth > MAX_DATA_DEPTH) {
                return Optional.of("data is nested more than " + MAX_DATA_DEPTH + " levels deep");
            }
            if (++values[0] > MAX_DATA_VALUES) {
                return Optional.of("data holds more than " + MAX_DATA_VALUES + " values");
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key) || key.isEmpty() || key.startsWith("$") || key.contains(".")
                            || key.indexOf('\0') >= 0) {
                        // a document's keys are C strings: a NUL in one cannot be stored
                        return Optional.of("data keys must be non-empty strings without '$' at the start, '.' or NUL");
                    }
                    Optional<String> inner = dataProblem(entry.getValue(), depth + 1, values);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
                return Optional.empty();
            }
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    Optional<String> inner = dataProblem(element, depth + 1, values);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
                return Optional.empty();
            }
            boolean storable = value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                    || value instanceof Long || value instanceof Short || value instanceof Byte
                    || (value instanceof Double d && Double.isFinite(d)) || (value instanceof Float f && Float.isFinite(f));
            return storable ? Optional.empty()
                    : Optional.of("data values must be objects, arrays, strings, booleans, null or numbers that fit 64 bits");
        }

        private static void requireText(List<String> problems, String field, String value, int max) {
            if (value == null || value.isBlank()) {
                problems.add(field + " is required");
            } else if (value.length() > max) {
                problems.add(field + " is at most " + max + " characters");
            }
        }

        private String dataText() {
            try {
                return EventJson.MAPPER.writeValueAsString(data);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("data cannot be written as JSON", e);
            }
        }

        /** The key deduplication uses: the given one, or the notification's own id. */
        public String effectiveIdempotencyKey() {
            return idempotencyKey == null ? notificationId : idempotencyKey;
        }
    }

    /** A gateway pushed the notification to a connection of its owner. */
    record NotificationDelivered(String userId, String notificationId) implements NotificationAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.deliver(this);
        }
    }

    /** {@code join-notifications}: the connection joined; everything undelivered is released to it. */
    record NotificationsJoined(String userId, String connectionId) implements NotificationAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.release(this);
        }
    }

    /** {@code mark-notification-read}. */
    record NotificationRead(String userId, String notificationId) implements NotificationAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.markRead(this);
        }
    }

    /** {@code mark-all-notifications-read}. */
    record AllNotificationsRead(String userId) implements NotificationAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.markAllRead(this);
        }
    }
}
