package dev.switchboard.events;

import org.slf4j.MDC;

/**
 * The correlation id in the logging context (SLF4J's MDC, key {@value #CORRELATION_ID}), so that every line logged on an
 * action's path, in the gateway and in the projector, carries the id of the action that started it. Structured (JSON)
 * logs print it as a field of its own.
 */
public final class LogContext {
    public static final String CORRELATION_ID = "correlationId";

    private LogContext() {
    }

    /** Puts the envelope's correlation id in the context until the returned scope is closed (nothing if it has none). */
    public static Scope of(Envelope<?> envelope) {
        return of(envelope == null ? null : envelope.correlationId());
    }

    public static Scope of(String correlationId) {
        if (correlationId == null) {
            return () -> { };
        }
        String previous = MDC.get(CORRELATION_ID);
        MDC.put(CORRELATION_ID, correlationId);
        return () -> {
            if (previous == null) {
                MDC.remove(CORRELATION_ID);
            } else {
                MDC.put(CORRELATION_ID, previous);
            }
        };
    }

    /** A scope that needs no exception handling. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
