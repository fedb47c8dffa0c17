package dev.switchboard.gateway.kafka;

import java.util.Arrays;
import java.util.Optional;

/**
 * A cut through the room topics' partitions ({@link RoomTopics}): every packet of every record before
 * {@code positions[i]} in partition {@code i} is on one side, and so are the first {@code skip} packets of the record
 * at {@code positions[partial]}. This is the Socket.IO offset a pushed packet carries: the client hands back the last one
 * it got, and the records after it are exactly what it missed, whichever gateway it was on and whatever the order in
 * which the partitions were read.
 *
 * <p>Text form: the positions in base 36 joined by {@code .}, then {@code ~partial.skip}: short, and the same for every
 * recipient of a push, so it is encoded once per packet.
 */
public final class LogCut {
    /** The most partitions a cut holds (and a client's text may name): far more than any layout a cluster needs. */
    public static final int MAX_POSITIONS = 4_096;
    private static final char SEPARATOR = '.';
    private static final char PARTIAL = '~';

    private final long[] positions;
    private final int partial;
    private final int skip;

    private LogCut(long[] positions, int partial, int skip) {
        this.positions = positions;
        this.partial = partial;
        this.skip = skip;
    }

    public static LogCut of(long[] positions) {
        if (positions.length < 1 || positions.length > MAX_POSITIONS) {
            throw new IllegalArgumentException("a cut has 1 to " + MAX_POSITIONS + " positions, not " + positions.length);
        }
        return new LogCut(positions.clone(), -1, 0);
    }

    /** The cut just after the first {@code packets} packets of the record at {@code offset} of partition {@code index}. */
    public LogCut within(int index, long offset, int packets) {
        long[] copy = positions.clone();
        copy[index] = offset;
        return new LogCut(copy, packets > 0 ? index : -1, Math.max(0, packets));
    }

    /** Whether packet {@code packet} (0-based, in push order) of the record at {@code offset} of partition {@code index} is before this cut. */
    public boolean covers(int index, long offset, int packet) {
        return offset < positions[index] || (index == partial && offset == positions[index] && packet < skip);
    }

    /** The number of partitions it has a position in: the {@link RoomTopics#size} of the layout it was made in. */
    public int size() {
        return positions.length;
    }

    public long position(int index) {
        return positions[index];
    }

    /** The partition whose record at {@link #position} is partly before the cut, or -1. */
    public int partial() {
        return partial;
    }

    /** How many packets of that record are before the cut. */
    public int skip() {
        return skip;
    }

    /** Whether everything before {@code other} is before this cut too. */
    public boolean includes(LogCut other) {
        sameLayout(other);
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < other.positions[i]) {
                return false;
            }
            if (i == other.partial && positions[i] == other.positions[i] && !(partial == i && skip >= other.skip)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cut with both sides' positions, the later of each. A cut keeps one partly covered record: when both have one
     * that the other does not cover, {@code other}'s is kept (at worst, a few packets of this one's are sent again).
     */
    public LogCut latest(LogCut other) {
        sameLayout(other);
        long[] merged = new long[positions.length];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = Math.max(positions[i], other.positions[i]);
        }
        if (other.partial >= 0 && merged[other.partial] == other.positions[other.partial]) {
            int skipped = partial == other.partial && positions[partial] == other.positions[partial] ? Math.max(skip, other.skip) : other.skip;
            return new LogCut(merged, other.partial, skipped);
        }
        if (partial >= 0 && merged[partial] == positions[partial]) {
            return new LogCut(merged, partial, skip);
        }
        return new LogCut(merged, -1, 0);
    }

    private void sameLayout(LogCut other) {
        if (other.positions.length != positions.length) {
            throw new IllegalArgumentException("cuts of two layouts: " + positions.length + " and " + other.positions.length + " partitions");
        }
    }

    public String encode() {
        StringBuilder text = new StringBuilder(positions.length * 4 + 8);
        for (int i = 0; i < positions.length; i++) {
            if (i > 0) {
                text.append(SEPARATOR);
            }
            text.append(Long.toString(positions[i], 36));
        }
        if (partial >= 0) {
            text.append(PARTIAL).append(partial).append(SEPARATOR).append(skip);
        }
        return text.toString();
    }

    /**
     * The cut a client handed back, or empty when it is not one of ours. It may be from a layout with other partitions:
     * compare its {@link #size} with the layout's before using it.
     */
    public static Optional<LogCut> parse(String text) {
        if (text == null || text.length() > MAX_POSITIONS * 14 + 16) {
            return Optional.empty();
        }
        try {
            String[] parts = text.split(String.valueOf(PARTIAL), -1);
            if (parts.length > 2) {
                return Optional.empty();
            }
            String[] numbers = parts[0].split("\\" + SEPARATOR, -1);
            if (numbers.length > MAX_POSITIONS) {
                return Optional.empty();
            }
            long[] positions = new long[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                positions[i] = Long.parseLong(numbers[i], 36);
                if (positions[i] < 0) {
                    return Optional.empty();
                }
            }
            if (parts.length == 1) {
                return Optional.of(new LogCut(positions, -1, 0));
            }
            String[] partial = parts[1].split("\\" + SEPARATOR, -1);
            int index = Integer.parseInt(partial[0]);
            int skip = Integer.parseInt(partial[1]);
            if (partial.length != 2 || index < 0 || index >= positions.length || skip < 1) {
                return Optional.empty();
            }
            return Optional.of(new LogCut(positions, index, skip));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogCut other && Arrays.equals(positions, other.positions) && partial == other.partial && skip == other.skip;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(positions) * 31 + partial * 7 + skip;
    }

    @Override
    public String toString() {
        return encode();
    }
}
