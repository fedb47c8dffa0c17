package dev.switchboard.events.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of the chat between two users, the same whoever asks and whichever gateway records it, so that
 * "open or return the existing chat" is decided by one writer (the chat's partition). 24 hex characters.
 */
public final class ChatIds {
    private ChatIds() {
    }

    public static String forPair(String a, String b) {
        String pair = a.compareTo(b) < 0 ? a + "\n" + b : b + "\n" + a;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pair.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
