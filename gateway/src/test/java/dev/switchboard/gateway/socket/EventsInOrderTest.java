package dev.switchboard.gateway.socket;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.store.OffTheLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsInOrderTest {
    private final ExecutorService storeThreads = Executors.newSingleThreadExecutor(r -> new Thread(r, "store-thread"));
    private final EventsInOrder events = new EventsInOrder();
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        storeThreads.shutdownNow();
    }

    /** An event that notes its name and thread when handled, and is answered at once. */
    private final class Noted implements EventsInOrder.Event {
        final String name;
        final Runnable before;
        final CompletableFuture<Object> answer = new CompletableFuture<>();
        volatile String thread;
        volatile boolean moved;

        Noted(String name, Runnable before) {
            this.name = name;
            this.before = before;
        }

        @Override
        public CompletionStage<Map<String, Object>> start() {
            before.run();
            thread = Thread.currentThread().getName();
            handled.add(name);
            return CompletableFuture.completedFuture(Map.of("name", name));
        }

        @Override
        public void answer(Map<String, Object> result, Throwable failure) {
            answer.complete(failure != null ? failure : result);
        }

        @Override
        public void movedOffTheLoop() {
            moved = true;
        }
    }

    private Noted inMemory(String name) {
        return new Noted(name, () -> { });
    }

    private Noted readingTheStore(String name, CountDownLatch storeAnswers) {
        return readingTheStore(name, new CountDownLatch(1), storeAnswers);
    }

    /** {@code reading}: counted down when the event reads the store, off the loop. */
    private Noted readingTheStore(String name, CountDownLatch reading, CountDownLatch storeAnswers) {
        return new Noted(name, () -> {
            OffTheLoop.beforeReading();
            reading.countDown();
            await(storeAnswers);
        });
    }

    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s");
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anEventThatNeedsNothingFromTheStoreIsHandledOnTheThreadItCameOn() {
        Noted typing = inMemory("typing");

        events.handle(typing, storeThreads);

        assertEquals(Thread.currentThread().getName(), typing.thread);
        assertFalse(typing.moved);
        assertEquals(Map.of("name", "typing"), typing.answer.join());
    }

    @Test
    void anEventThatReadsTheStoreWaitsOffTheLoopAndTheConnectionsLaterEventsAfterIt() {
        CountDownLatch storeAnswers = new CountDownLatch(1);
        Noted join = readingTheStore("join", storeAnswers);
        Noted send = inMemory("send");

        events.handle(join, storeThreads);
        events.handle(send, storeThreads);

        assertEquals(List.of(), handled, "the loop is free while the store is read, and the send waits for the join");
        storeAnswers.countDown();
        eventually(() -> send.answer.isDone());
        assertEquals(List.of("join", "send"), handled);
        assertEquals("store-thread", join.thread);
        assertEquals("store-thread", send.thread);
        assertTrue(join.moved, "counted as moved");
        assertFalse(send.moved, "handled after it, not moved itself");

        Noted next = inMemory("next");
        eventually(() -> {
            events.handle(next, storeThreads);
            return next.answer.isDone();
        });
        assertEquals(Thread.currentThread().getName(), next.thread, "back on the loop once nothing waits");
    }

    @Test
    void moreEventsThanMayWaitAreRefusedUnavailable() {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch storeAnswers = new CountDownLatch(1);
        events.handle(readingTheStore("join", reading, storeAnswers), storeThreads);
        await(reading);
        for (int i = 0; i < EventsInOrder.WAITING; i++) { // the join is being handled, not waiting
            events.handle(inMemory("send" + i), storeThreads);
        }
        Noted oneTooMany = inMemory("one too many");

        events.handle(oneTooMany, storeThreads);

        ClientError refusal = (ClientError) oneTooMany.answer.join();
        assertEquals(ErrorCode.UNAVAILABLE, refusal.code());
        assertEquals(EventsInOrder.TOO_MANY_WAITING, refusal.getMessage());
        storeAnswers.countDown();
        eventually(() -> handled.size() == 1 + EventsInOrder.WAITING);
        assertFalse(handled.contains("one too many"));
    }

    @Test
    void whenTheStoresThreadsTakeNoMoreTheEventAndThoseAfterItAreRefusedUnavailable() {
        Noted join = readingTheStore("join", new CountDownLatch(0));

        events.handle(join, work -> {
            throw new RejectedExecutionException("full");
        });

        assertEquals(ErrorCode.UNAVAILABLE, ((ClientError) join.answer.join()).code());
        Noted next = inMemory("next");
        events.handle(next, storeThreads);
        assertEquals(Thread.currentThread().getName(), next.thread, "the connection's events are handled again");
    }

    @Test
    void aHandlerThatFailsIsAnsweredWithItsFailureOnTheLoopAndOffIt() {
        CountDownLatch storeAnswers = new CountDownLatch(1);
        Noted onLoop = new Noted("refused", () -> {
            throw ClientError.forbidden("not yours");
        });
        events.handle(onLoop, storeThreads);
        assertEquals(ErrorCode.FORBIDDEN, ((ClientError) onLoop.answer.join()).code());

        events.handle(readingTheStore("join", storeAnswers), storeThreads);
        Noted offLoop = new Noted("refused later", () -> {
            throw ClientError.notFound("no such chat");
        });
        events.handle(offLoop, storeThreads);
        storeAnswers.countDown();
        assertEquals(ErrorCode.NOT_FOUND, ((ClientError) offLoop.answer.orTimeout(5, TimeUnit.SECONDS).join()).code());
    }

    @Test
    void aStoreReadOutsideTheEventLoopDoesNotMove() {
        Supplier<String> read = () -> {
            OffTheLoop.beforeReading();
            return "read";
        };
        assertEquals("read", read.get());
    }
}
