package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.store.OffTheLoop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's socket events, handled one after another in the order they came. An event is handled on the event
 * loop it came on unless it has to read the store ({@link OffTheLoop}): then it, and every event of the connection that
 * comes while one is waiting, is handled on the store's threads ({@code offTheLoop}) in turn, and the connection's
 * events go back to its event loop once none is waiting. So a store that hangs holds up the connections that need it,
 * not every connection that shares their event loop. Events still waiting when their connection closes are handled
 * all the same, as the packets that reached the server before a disconnect always are ({@code LongPollingOrderTest});
 * more than {@link #WAITING} waiting are refused.
 */
final class EventsInOrder {
    private static final String KEY = "switchboard.eventsInOrder";
    static final int WAITING = 100;
    static final String TOO_MANY_WAITING = "this connection's earlier events are still waiting for the store; try again later";

    /** An event whose payload was read: its handler's start and its answer. */
    interface Event {
        CompletionStage<Map<String, Object>> start();

        void answer(Map<String, Object> result, Throwable failure);

        /** It has to read the store: it is handled off the event loop. */
        void movedOffTheLoop();
    }

    private final Deque<Event> waiting = new ArrayDeque<>();
    private boolean offLoop;

    /** The connection's events (made on its first). */
    static EventsInOrder of(SocketIOClient client) {
        EventsInOrder events = client.get(KEY);
        if (events == null) {
            synchronized (client) {
                events = client.get(KEY);
                if (events == null) {
                    events = new EventsInOrder();
                    client.set(KEY, events);
                }
            }
        }
        return events;
    }

    /** Handles {@code event} now on this event loop, or after the connection's events waiting off it. */
    void handle(Event event, Executor offTheLoop) {
        boolean tooMany;
        synchronized (this) {
            if (offLoop && waiting.size() < WAITING) {
                waiting.add(event);
                return;
            }
            tooMany = offLoop;
        }
        if (tooMany) {
            event.answer(null, new ClientError(ErrorCode.UNAVAILABLE, TOO_MANY_WAITING));
            return;
        }
        try {
            answerWhenDone(event, OffTheLoop.handle(event::start));
        } catch (OffTheLoop.Moved moved) {
            event.movedOffTheLoop();
            synchronized (this) {
                offLoop = true;
                waiting.addFirst(event);
            }
            try {
                offTheLoop.execute(this::handleWaiting);
            } catch (RejectedExecutionException full) {
                refuseWaiting();
            }
        } catch (RuntimeException e) {
            event.answer(null, e);
        }
    }

    private void handleWaiting() {
        while (true) {
            Event next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    offLoop = false;
                    return;
                }
            }
            try {
                answerWhenDone(next, next.start());
            } catch (RuntimeException | Error e) { // an error too: the events after it must still be handled
                next.answer(null, e);
            }
        }
    }

    /** The store's threads take no more work: what waits is refused as the store's reads are. */
    private void refuseWaiting() {
        List<Event> refused;
        synchronized (this) {
            refused = new ArrayList<>(waiting);
            waiting.clear();
            offLoop = false;
        }
        refused.forEach(event -> event.answer(null, ClientError.storeUnavailable()));
    }

    private static void answerWhenDone(Event event, CompletionStage<Map<String, Object>> stage) {
        stage.whenComplete(event::answer);
    }
}
