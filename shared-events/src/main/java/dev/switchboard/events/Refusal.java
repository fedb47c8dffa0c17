package dev.switchboard.events;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A rule's answer when it refuses an action: the contract's code and a reason the caller can read. Every feature's
 * rules return this, and the projector puts it into the family's {@link Rejection} update.
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
}
