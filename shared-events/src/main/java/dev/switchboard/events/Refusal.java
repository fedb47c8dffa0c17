package dev.switchboard.events;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A rule's answer when it refuses an action: the contract's code and a reason the caller can read. Every feature's
 * rules return this, and the projector records it in the family's rejection update ({@link Recorded}).
 */
public record Refusal(ErrorCode code, String reason) {

    public static Optional<Refusal> refuse(ErrorCode code, String reason) {
        return Optional.of(new Refusal(code, reason));
    }

    /** The first refusal of {@code rules}, asked in order by {@code ask}, or nothing if every rule allows it. */
    public static <R> Optional<Refusal> first(List<R> rules, Function<R, Optional<Refusal>> ask) {
        for (R rule : rules) {
            Optional<Refusal> refusal = ask.apply(rule);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /**
     * A refusal as the log records it: the update saying the projector refused an action (each family has its record
     * implementing this, e.g. {@code ChatActionRejected}); the gateway answers the action's ack with
     * {@code { ok: false, error: { code, message } }}.
     */
    public interface Recorded {
        String action();

        /** One of the contract's codes: a record naming another is malformed and not read. */
        ErrorCode code();

        String message();

        default Refusal refusal() {
            return new Refusal(code(), message());
        }
    }
}
