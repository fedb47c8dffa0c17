package dev.switchboard.events;

import org.bson.types.ObjectId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** Ids are MongoDB ObjectId strings: 24 lowercase hex characters. */
public final class Ids {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_STAMP_COUNTER = 0xFFFFFF;
    private static int stampSecond;
    private static int stampCounter;

    private Ids() {
    }

    public static String newId() {
        return new ObjectId().toHexString();
    }

    /** A new id and the time it was made at, taken together: see {@link #newStamp()}. */
    public record Stamp(String id, Instant at) {
    }

    /**
     * A new id and the current time (to the millisecond, as envelopes keep it), taken together: within one process,
     * stamps in the order of their ids are in the order of their times. Lists ordered by id (notifications) then agree
     * with the times they show, also for requests made at once on several threads. The counter is this method's own and
     * starts again at 0 every second, so it does not wrap (ObjectId's shared counter starts anywhere and wraps, which
     * would put the stamps after a wrap before earlier ones of the same second); ObjectId's per-process random part
     * keeps stamps of different processes apart.
     */
    public static synchronized Stamp newStamp() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int second = (int) at.getEpochSecond();
        if (second > stampSecond) {
            stampSecond = second;
            stampCounter = 0;
        }
        // a clock set back goes on counting in the later second: an id made twice would be taken for the same notification
        if (stampCounter > MAX_STAMP_COUNTER) {
            throw new IllegalStateException("more than 16,777,216 stamps in one second");
        }
        return new Stamp(new ObjectId(stampSecond, stampCounter++).toHexString(), at);
    }

    /**
     * The id of the {@code ordinal}-th record caused by {@code causeId}: the same inputs always give the same id, so an
     * outcome published again by a re-run carries the id it had the first time (and readers can drop the repeat).
     */
    public static String derived(String causeId, int ordinal) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((causeId + ":" + ordinal).getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** An id's shape, for validation annotations: an ObjectId in lowercase hex. */
    public static final String PATTERN = "[0-9a-f]{24}";

    public static boolean isValid(String id) {
        return id != null && id.length() == 24 && ObjectId.isValid(id) && id.equals(id.toLowerCase());
    }
}
