package dev.switchboard.gateway.kafka;

import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * How far this gateway has pushed the room topics: the cut after the last record it pushed. Pushing one record and
 * changing a connection's rooms exclude each other, so a room joined "at" a cut gets, live, exactly the records after
 * it: this is what makes a recovered session's replay and its live packets meet without a gap or an overlap.
 */
@Component
public class PushedPositions {
    private RoomTopics layout;
    private long[] next;

    /** Runs {@code action} between two records' pushes with the cut after everything pushed so far. */
    public synchronized <T> T between(Function<LogCut, T> action) {
        return action.apply(LogCut.of(next));
    }

    /**
     * Runs the pushes of the record at {@code offset} of {@code partition}, given its index in the cut (-1: none), then
     * moves past it.
     */
    synchronized void push(TopicPartition partition, long offset, IntConsumer pushes) {
        int index = layout.indexOf(partition);
        if (index >= 0) {
            next[index] = Math.max(next[index], offset);
        }
        pushes.accept(index);
        if (index >= 0) {
            next[index] = Math.max(next[index], offset + 1);
        }
    }

    /** The room topics' partitions as this gateway reads them (before it pushes anything). */
    synchronized void use(RoomTopics layout) {
        this.layout = layout;
        this.next = new long[layout.size()];
    }

    /** Where this gateway's pushes start: nothing before these positions is pushed by it. */
    synchronized void startAt(Map<TopicPartition, Long> positions) {
        positions.forEach((partition, position) -> {
            int index = layout.indexOf(partition);
            if (index >= 0) {
                next[index] = Math.max(next[index], position);
            }
        });
    }

    /** The layout of this gateway's cuts (once it follows the updates: before its socket server starts). */
    public synchronized RoomTopics layout() {
        if (layout == null) {
            throw new IllegalStateException("the gateway does not follow the updates yet");
        }
        return layout;
    }

    /** The cut just before the record being pushed (call from within {@link #push}'s pushes). */
    synchronized LogCut current() {
        return LogCut.of(next);
    }
}
