package dev.switchboard.gateway.recovery;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.switchboard.gateway.DaemonThreads;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gateways' own collections for recovery, in their own database ({@code GATEWAY_DATABASE}; no projector reads or
 * writes them): {@code socket_sessions}, one
 * document per session, and {@code socket_gateway_runs}, when each gateway run was last alive (a session whose
 * gateway died was alive until then). Writes go through one thread, off the socket and log threads: the successive
 * states of one connection's session that are still waiting become one write of the latest, and what is waiting goes
 * out as one ordered bulk write (a connection storm would otherwise queue several single writes per connection). A read sees
 * this gateway's own writes still waiting.
 */
final class SessionStore implements AutoCloseable {
    static final String SESSIONS = "socket_sessions";
    static final String RUNS = "socket_gateway_runs";
    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    private final MongoCollection<Document> sessions;
    private final MongoCollection<Document> runs;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(DaemonThreads.named("socket-session-writes"));
    private static final int BULK = 500;
    /** Documents written by this gateway that may not be in the store yet, by pid. */
    private final Map<String, Document> queued = new ConcurrentHashMap<>();
    /** Writes not started yet, in the order they were asked for (one per pid and connection). */
    private final LinkedHashMap<String, Pending> waiting = new LinkedHashMap<>();

    private record Pending(String pid, String connectionId, Bson filter, boolean upsert, Document document) {
    }

    SessionStore(MongoCollection<Document> sessions, MongoCollection<Document> runs) {
        this.sessions = sessions;
        this.runs = runs;
    }

    /** Starts, or takes over, the session (a recovery takes it from whichever connection held it). */
    void take(SessionState state) {
        write(state, Filters.eq("_id", state.pid), true);
    }

    /** Writes the session's rooms and times, if {@code state}'s connection still holds it. */
    void update(SessionState state) {
        write(state, Filters.and(Filters.eq("_id", state.pid), Filters.eq("connection", state.connectionId)), false);
    }

    /**
     * The session's connection closed at {@code at}: it can be recovered for the window from then. A connection whose
     * session another one has recovered meanwhile writes nothing, so its document is not read back over that one's
     * queued write either.
     */
    void closed(SessionState state, String connectionId, Instant at) {
        Document document = state.toDocument().append("connection", null).append("lastSeen", Date.from(at));
        enqueue(state.pid, connectionId, document, Filters.and(Filters.eq("_id", state.pid), Filters.eq("connection", connectionId)), false,
                current -> current == null || connectionId.equals(current.getString("connection")));
    }

    private void write(SessionState state, Bson filter, boolean upsert) {
        enqueue(state.pid, state.connectionId, state.toDocument(), filter, upsert, current -> true);
    }

    /** {@code readBack}: whether {@link #find} answers with this document until it is written, given the one it would now. */
    private void enqueue(String pid, String connectionId, Document document, Bson filter, boolean upsert, Predicate<Document> readBack) {
        queued.compute(pid, (key, current) -> readBack.test(current) ? document : current);
        synchronized (waiting) {
            String key = pid + "/" + connectionId;
            Pending earlier = waiting.get(key);
            // the earlier write's condition (or upsert) with the latest state of the same connection's session
            waiting.put(key, earlier == null ? new Pending(pid, connectionId, filter, upsert, document)
                    : new Pending(pid, connectionId, earlier.filter(), earlier.upsert(), document));
        }
        writer.execute(this::writeWaiting);
    }

    private void writeWaiting() {
        List<Pending> batch = new ArrayList<>();
        synchronized (waiting) {
            var entries = waiting.entrySet().iterator();
            while (entries.hasNext() && batch.size() < BULK) {
                batch.add(entries.next().getValue());
                entries.remove();
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            sessions.bulkWrite(batch.stream().map(p -> new ReplaceOneModel<>(p.filter(), p.document(), new ReplaceOptions().upsert(p.upsert())))
                    .toList(), new BulkWriteOptions().ordered(true));
        } catch (RuntimeException e) {
            log.warn("could not write {} socket sessions: {}", batch.size(), e.toString());
        } finally {
            batch.forEach(p -> queued.remove(p.pid(), p.document()));
        }
    }

    Optional<SessionState> find(String pid) {
        Document document = queued.get(pid);
        if (document == null) {
            document = sessions.find(Filters.eq("_id", pid)).first();
        }
        return document == null ? Optional.empty() : SessionState.from(document);
    }

    void runAlive(String gatewayRunId, Instant at) {
        writer.execute(() -> {
            try {
                runs.updateOne(Filters.eq("_id", gatewayRunId), Updates.set("lastSeen", Date.from(at)), new UpdateOptions().upsert(true));
            } catch (RuntimeException e) {
                log.warn("could not record this gateway run alive: {}", e.toString());
            }
        });
    }

    /** When the gateway run was last known alive, if it was recorded. */
    Optional<Instant> runLastSeen(String gatewayRunId) {
        if (gatewayRunId == null) {
            return Optional.empty();
        }
        Document run = runs.find(Filters.eq("_id", gatewayRunId)).first();
        return run == null || run.getDate("lastSeen") == null ? Optional.empty() : Optional.of(run.getDate("lastSeen").toInstant());
    }

    /** Forgets closed sessions, and gateway runs, not seen since {@code before}. */
    void purge(Instant before) {
        writer.execute(() -> {
            try {
                sessions.deleteMany(Filters.and(Filters.eq("connection", null), Filters.lt("lastSeen", Date.from(before))));
                runs.deleteMany(Filters.lt("lastSeen", Date.from(before)));
            } catch (RuntimeException e) {
                log.warn("could not purge old socket sessions: {}", e.toString());
            }
        });
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
