package dev.switchboard.events.chat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The id of the chat between two users, the same whoever asks and whichever gateway records it, so that "open or return
 * the existing chat" is decided by one writer (the chat's partition). 24 hex characters.
 *
 * <p>Keyed (HMAC-SHA256 with a secret every gateway shares): an id anyone could compute from two user ids would tell an
 * outsider whether those two users have a chat, since asking about a chat answers {@code FORBIDDEN} when it exists and
 * {@code NOT_FOUND} when it does not, as the contract asks. Chats opened before the ids were keyed keep their ids
 * ({@link #unkeyed}); the gateway finds those by their participants.
 */
public final class ChatIds {
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    private ChatIds(SecretKeySpec key) {
        this.key = key;
    }

    /** Ids keyed with {@code secret} (at least 32 bytes, as {@code JWT_SECRET}). */
    public static ChatIds keyedWith(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("a chat id secret needs at least 32 bytes");
        }
        return new ChatIds(new SecretKeySpec(bytes, "HmacSHA256"));
    }

    /** The pair's id in the form chats had before ids were keyed: the first 12 bytes of SHA-256 of the pair. */
    public static String unkeyed(String a, String b) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(pair(a, b)), 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String forPair(String a, String b) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HEX.formatHex(mac.doFinal(pair(a, b)), 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] pair(String a, String b) {
        return (a.compareTo(b) < 0 ? a + "\n" + b : b + "\n" + a).getBytes(StandardCharsets.UTF_8);
    }
}
