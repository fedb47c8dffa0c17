package dev.switchboard.events.chat;

import dev.switchboard.events.Ids;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatIdsTest {
    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-0001";

    @Test
    void aPairHasOneIdWhoeverAsksAndItDependsOnTheKey() {
        String a = Ids.newId();
        String b = Ids.newId();
        ChatIds ids = ChatIds.keyedWith(SECRET);

        assertEquals(ids.forPair(a, b), ids.forPair(b, a));
        assertEquals(ids.forPair(a, b), ChatIds.keyedWith(SECRET).forPair(a, b), "every gateway with the secret agrees");
        assertTrue(Ids.isValid(ids.forPair(a, b)));
        assertNotEquals(ids.forPair(a, b), ChatIds.keyedWith(SECRET + "x").forPair(a, b));
        assertNotEquals(ids.forPair(a, b), ChatIds.unkeyed(a, b));
        assertNotEquals(ids.forPair(a, b), ids.forPair(a, Ids.newId()));
    }

    @Test
    void theIdsOfChatsOpenedBeforeKeyingAreUnchanged() {
        // the first 12 bytes of SHA-256("a\nb"), as ChatIds.forPair made them before (printf 'a\nb' | sha256sum)
        assertEquals("7e18f737311b2dc3b2f269dd", ChatIds.unkeyed("b", "a"));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalStateException.class, () -> ChatIds.keyedWith("short"));
    }
}
