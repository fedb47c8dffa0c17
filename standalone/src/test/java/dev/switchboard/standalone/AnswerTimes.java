package dev.switchboard.standalone;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How long each request of an outage test took to be answered, and which took longer than their bound. */
final class AnswerTimes {
    private final String label;
    private final List<String> slow = new ArrayList<>();

    AnswerTimes(String label) {
        this.label = label;
    }

    /** Records the answer to {@code what}, asked at {@code startedNanos}, against {@code boundMs}. */
    void took(String what, long startedNanos, long boundMs) {
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        System.out.printf("%s: %s answered in %d ms%n", label, what, ms);
        if (ms > boundMs) {
            slow.add(what + " " + ms + " ms (bound " + boundMs + " ms)");
        }
    }

    void assertNoneSlow() {
        assertEquals(List.of(), slow, "answers slower than their bound (" + label + ")");
    }
}
