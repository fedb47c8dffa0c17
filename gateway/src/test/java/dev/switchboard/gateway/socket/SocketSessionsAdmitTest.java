package dev.switchboard.gateway.socket;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections per user: checking the limit and counting the connection are one step. */
class SocketSessionsAdmitTest {
    private final SocketSessions sessions = new SocketSessions(List.of(), null, 10);

    @Test
    void simultaneousConnectsOfOneUserAdmitExactlyTheLimit() throws Exception {
        int attempts = 64;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Boolean>> connects = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                UUID connection = UUID.randomUUID();
                connects.add(() -> {
                    start.await();
                    return sessions.admit(connection, "u1", 5);
                });
            }
            List<Future<Boolean>> answers = new ArrayList<>();
            for (Callable<Boolean> connect : connects) {
                answers.add(threads.submit(connect));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> answer : answers) {
                admitted += answer.get() ? 1 : 0;
            }
            assertEquals(5, admitted);
            assertEquals(5, sessions.countOf("u1"));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFullUserDoesNotStopAnotherAndAConnectionIsCountedOnce() {
        UUID first = UUID.randomUUID();
        assertTrue(sessions.admit(first, "u1", 1));
        assertTrue(sessions.admit(first, "u1", 1), "the same connection asking again is already counted");
        assertFalse(sessions.admit(UUID.randomUUID(), "u1", 1));
        assertTrue(sessions.admit(UUID.randomUUID(), "u2", 1));
        assertEquals(1, sessions.countOf("u1"));
    }
}
