package dev.switchboard.gateway.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the envelope ids of the last {@code capacity} updates this gateway read, so that an update the
 * projector publishes again (a batch re-run after a crash publishes the same updates with the same ids) is not
 * pushed twice.
 *
 * <p>The bound: a re-run publishes again only what the projector had published but not yet committed, a few poll
 * batches of at most 500 actions each, right after it (or the instance taking over its partitions) starts again.
 * {@link #DEFAULT_CAPACITY} ids cover that many times over: 100 s of traffic at 1,000 messages/s, the highest rate we
 * measured (typing signals count too), and a stopped projector's partitions publish nothing meanwhile. About 13 MB of
 * heap (the place each id was first seen included). A repeat arriving after more updates than that is pushed again.
 *
 * <p>Used from the update listener's thread and from recovery replays (reads), hence synchronized.
 */
public final class RepeatedUpdateFilter {
    public static final int DEFAULT_CAPACITY = 100_000;

    /** Update id → where it was first seen ({@link #place}), or -1 when not known. */
    private final Map<String, Long> recent;

    public RepeatedUpdateFilter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * True the first time an update id is offered (it is then remembered), false for a repeat of one of the last
     * {@code capacity} ids offered. A repeat does not refresh the id's place: the memory is the last ids first seen.
     */
    public synchronized boolean firstTime(String updateId) {
        return firstTime(updateId, -1);
    }

    /** As {@link #firstTime(String)}, remembering where the id was first seen ({@link #place}). */
    public synchronized boolean firstTime(String updateId, long place) {
        return recent.putIfAbsent(updateId, place) == null;
    }

    /** Where an id was first seen ({@link #place}), or -1 when it is not remembered or was remembered without a place. */
    public synchronized long firstSeenAt(String updateId) {
        Long place = recent.get(updateId);
        return place == null ? -1 : place;
    }

    /**
     * A record's place as one number: the room-topic partition index and the offset. A projector re-run publishes an
     * update again under the same key, so both copies are in the same partition and their places compare by offset.
     */
    public static long place(int partitionIndex, long offset) {
        return partitionIndex < 0 ? -1 : ((long) partitionIndex << 48) | offset;
    }

    synchronized int size() {
        return recent.size();
    }
}
