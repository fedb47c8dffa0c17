package dev.switchboard.events;

import org.bson.types.ObjectId;

/** Ids are MongoDB ObjectId strings: 24 lowercase hex characters. */
public final class Ids {
    private Ids() {
    }

    public static String newId() {
        return new ObjectId().toHexString();
    }

    public static boolean isValid(String id) {
        return id != null && id.length() == 24 && ObjectId.isValid(id) && id.equals(id.toLowerCase());
    }
}
