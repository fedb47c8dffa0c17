package dev.switchboard.events;

import org.bson.types.ObjectId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Ids are MongoDB ObjectId strings: 24 lowercase hex characters. */
public final class Ids {
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    public static String newId() {
        return new ObjectId().toHexString();
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
