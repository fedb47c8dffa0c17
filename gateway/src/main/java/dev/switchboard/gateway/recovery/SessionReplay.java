package dev.switchboard.gateway.recovery;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.gateway.kafka.LogCut;
import dev.switchboard.gateway.kafka.RoomTopics;
import dev.switchboard.gateway.kafka.UpdateListener;
import dev.switchboard.gateway.kafka.RoomPackets;
import dev.switchboard.gateway.socket.SocketRooms;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Sends a recovered session the room packets it missed: the records between the cut it came back with and the cut at
 * which this gateway restored its rooms, read from the log with a short-lived consumer (no group: assign and seek), the
 * partitions merged by record time (each partition in its own order), each record's packets made by the same routes as
 * live ones, for the session's rooms only, and only those after the cut and after the room was joined. Each packet
 * carries the cut just after it, so a client that drops again during the replay comes back from where it was.
 */
final class SessionReplay {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SessionReplay.class);
    private static final int HELD_PER_PARTITION = 1_000;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    /**
     * How soon a replay looks again whether a connection that took no more ({@code SocketRooms.readyForMore}) does now:
     * a connection that reads at once drains in microseconds, so a whole millisecond would slow its replay for nothing.
     */
    private static final long READY_CHECK_NANOS = 200_000;
    /** A connection that stays full is looked at less often, up to every 5 ms. */
    private static final long MAX_READY_CHECK_NANOS = 5_000_000;

    private final KafkaCluster cluster;
    private final String clientId;
    private final RoomTopics layout;
    private final UpdateListener listener;
    private final SocketRooms rooms;
    private final Duration stalledAfter;
    private final ScheduledExecutorService threads;

    /**
     * {@code stalledAfter}: how long a replay waits for a connection that takes nothing more (the ping timeout: what
     * the server gives a client to show it is alive) before it closes it. {@code threads}: where replays run.
     */
    SessionReplay(KafkaCluster cluster, String clientId, RoomTopics layout, UpdateListener listener, SocketRooms rooms, Duration stalledAfter,
                  ScheduledExecutorService threads) {
        this.cluster = cluster;
        this.clientId = clientId;
        this.layout = layout;
        this.listener = listener;
        this.rooms = rooms;
        this.stalledAfter = stalledAfter;
        this.threads = threads;
    }

    /**
     * Replays the records in [{@code from}, {@code until}); completes with the number of packets sent. A replay works on
     * one of {@code threads} while its connection takes more, and gives the thread back while it waits for it to take
     * more, so clients that read slowly do not hold up the replays of others. A replay that cannot finish while the
     * connection is open (it took nothing for {@code stalledAfter}, or the replay ran out of time) closes the
     * connection's transport: live packets must not follow a gap. The client comes back from its last packet.
     */
    CompletableFuture<Integer> start(SocketIOClient client, BooleanSupplier connected, String userId, Map<String, LogCut> joined,
                                     LogCut from, LogCut until) {
        Replaying replaying = new Replaying(client, connected, userId, joined, from, until);
        threads.execute(replaying);
        return replaying.done;
    }

    /** A room packet of a replayed record, waiting for the connection to take it; {@code recipient} is told when it did. */
    private record Outgoing(String event, Object encodedPayload, String offset, int bytes, Consumer<String> recipient) {
    }

    /**
     * One session's replay: where it is in the log, what waits to be sent, and what was sent. Each run goes on until the
     * replay ends or the connection takes no more; then it runs again a little later. The records are read in order,
     * and the next is only read once the packets of the last are all sent.
     */
    private final class Replaying implements Runnable {
        private final SocketIOClient client;
        private final BooleanSupplier connected;
        /** The connection is open and the replay has not given up. */
        private final BooleanSupplier going;
        private final String userId;
        private final Map<String, LogCut> joined;
        private final LogCut from;
        private final LogCut until;
        private final long[] progress = new long[layout.size()];
        private final Map<TopicPartition, Integer> indexes = new HashMap<>();
        private final Map<Integer, ArrayDeque<ConsumerRecord<String, byte[]>>> held = new HashMap<>();
        private final Set<Integer> open = new HashSet<>();
        private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
        private final Set<String> replayedIds = new HashSet<>();
        private final CompletableFuture<Integer> done = new CompletableFuture<>();
        private KafkaConsumer<String, byte[]> consumer;
        private boolean partialDone;
        /** The connection closed, the replay ran out of time, or the connection took nothing for too long. */
        private boolean stopped;
        /** The connection took nothing for {@code stalledAfter}. */
        private boolean stalled;
        private boolean waiting;
        private long waitingSince;
        private long pause;
        private int sent;

        Replaying(SocketIOClient client, BooleanSupplier connected, String userId, Map<String, LogCut> joined, LogCut from, LogCut until) {
            long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
            this.client = client;
            this.connected = connected;
            this.going = () -> connected.getAsBoolean() && System.nanoTime() < deadline;
            this.userId = userId;
            this.joined = joined;
            this.from = from;
            this.until = until;
        }

        @Override
        public void run() {
            try {
                if (consumer == null && !begin()) {
                    done.complete(0);
                    return;
                }
                if (goOn()) {
                    end();
                }
            } catch (RuntimeException | Error e) {
                fail(e);
            }
        }

        /**
         * Ends a replay that could not go on (the broker answered with an error, or the gateway is stopping): its connection
         * is closed as an unfinished one, so that live packets do not follow a gap.
         */
        private void fail(Throwable failure) {
            try {
                closeConsumer();
                if (connected.getAsBoolean()) {
                    rooms.closeUnfinished(client, "its replay failed: " + failure);
                }
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            } finally {
                done.completeExceptionally(failure);
            }
        }

        /** Assigns the partitions with records to replay; false if there are none. */
        private boolean begin() {
            for (int i = 0; i < layout.size(); i++) {
                progress[i] = from.position(i);
                if (from.position(i) < until.position(i)) {
                    indexes.put(layout.partition(i), i);
                }
            }
            if (indexes.isEmpty()) {
                return false;
            }
            consumer = KafkaClients.consumer(cluster, null, clientId, "earliest");
            consumer.assign(indexes.keySet());
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(indexes.keySet());
            indexes.forEach((partition, index) -> {
                long start = Math.max(from.position(index), beginning.get(partition)); // older typing signals are gone: nothing to send
                if (start < until.position(index)) {
                    consumer.seek(partition, start);
                    open.add(index);
                    held.put(index, new ArrayDeque<>());
                }
            });
            return true;
        }

        /** Sends and reads on; true once the replay is over, false when it will run again (its connection takes no more now). */
        private boolean goOn() {
            while (!outbox.isEmpty() || !open.isEmpty() || held.values().stream().anyMatch(queue -> !queue.isEmpty())) {
                if (stopped || !going.getAsBoolean()) {
                    stopped = true;
                    return true;
                }
                if (!outbox.isEmpty()) {
                    if (!rooms.readyForMore(client, outbox.peek().bytes())) {
                        return !waitLonger();
                    }
                    waiting = false;
                    Outgoing packet = outbox.poll();
                    rooms.sendReplayed(client, packet.event(), packet.encodedPayload(), packet.offset());
                    if (packet.recipient() != null) {
                        packet.recipient().accept(client.getSessionId().toString());
                    }
                    sent++;
                    continue;
                }
                // a record is next once every partition still open has one waiting (or it is the record partly sent before)
                boolean ready = open.stream().allMatch(index -> !held.get(index).isEmpty());
                if (!ready && !partialWaiting()) {
                    fetch();
                    continue;
                }
                int next = nextPartition();
                ConsumerRecord<String, byte[]> record = held.get(next).poll();
                record(next, record);
                if (open.contains(next) && held.get(next).size() < HELD_PER_PARTITION) {
                    consumer.resume(List.of(new TopicPartition(record.topic(), record.partition())));
                }
            }
            return true;
        }

        /**
         * The connection takes no more now: runs again in 0.2 ms, then ever later up to every 5 ms while it stays full;
         * false (stopped) once it has taken nothing for {@code stalledAfter}.
         */
        private boolean waitLonger() {
            long now = System.nanoTime();
            if (!waiting) {
                waiting = true;
                waitingSince = now;
                pause = READY_CHECK_NANOS;
            } else if (now - waitingSince > stalledAfter.toNanos()) {
                stalled = true;
                stopped = true;
                return false;
            }
            long after = pause;
            pause = Math.min(pause * 2, MAX_READY_CHECK_NANOS);
            threads.schedule(this, after, TimeUnit.NANOSECONDS); // last: the next run may start on another thread at once
            return true;
        }

        private void end() {
            closeConsumer();
            if (stopped && connected.getAsBoolean()) {
                rooms.closeUnfinished(client, stalled ? "it took nothing of its replay for " + stalledAfter.toMillis() + " ms"
                        : "its replay did not end within " + GIVE_UP_AFTER + " (" + sent + " packets sent)");
            }
            if (log.isDebugEnabled()) {
                indexes.values().forEach(index -> log.debug("replayed partition {} from {} to {} (until {})", layout.partition(index),
                        from.position(index), progress[index], until.position(index)));
            }
            done.complete(sent);
        }

        private void closeConsumer() {
            if (consumer != null) {
                consumer.close();
                consumer = null;
            }
        }

        /** Whether the record partly sent before is the next of its partition. */
        private boolean partialWaiting() {
            int partial = from.partial();
            if (partial < 0 || !held.containsKey(partial) || held.get(partial).isEmpty()) {
                return false;
            }
            return held.get(partial).peek().offset() == from.position(partial);
        }

        /** Reads on in the partitions still open, holding up to {@link #HELD_PER_PARTITION} records of each. */
        private void fetch() {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                int index = indexes.get(partition);
                if (!open.contains(index)) {
                    continue;
                }
                if (record.offset() < until.position(index)) {
                    held.get(index).add(record);
                }
                if (record.offset() + 1 >= until.position(index)) {
                    open.remove(index);
                    consumer.pause(List.of(partition));
                } else if (held.get(index).size() >= HELD_PER_PARTITION) {
                    consumer.pause(List.of(partition));
                }
            }
            // a partition whose remaining records were removed (compacted, or aborted transactions) ends at its position
            for (TopicPartition partition : consumer.assignment()) {
                int index = indexes.get(partition);
                if (open.contains(index) && !consumer.paused().contains(partition) && consumer.position(partition) >= until.position(index)) {
                    open.remove(index);
                    consumer.pause(List.of(partition));
                }
            }
        }

        /** The record partly sent before goes first; then the earliest in time of the partitions' next records. */
        private int nextPartition() {
            if (partialWaiting() && !partialDone) {
                partialDone = true;
                return from.partial();
            }
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (Map.Entry<Integer, ArrayDeque<ConsumerRecord<String, byte[]>>> entry : held.entrySet()) {
                ConsumerRecord<String, byte[]> head = entry.getValue().peek();
                if (head != null && (head.timestamp() < bestTime || (head.timestamp() == bestTime && entry.getKey() < best))) {
                    best = entry.getKey();
                    bestTime = head.timestamp();
                }
            }
            return best;
        }

        /** The record's packets for this session, to the outbox. */
        void record(int index, ConsumerRecord<String, byte[]> record) {
            try {
                Envelope<Event> update = EventJson.read(record.value());
                if (listener.pushes(update) && replayedIds.add(update.id())) {
                    listener.replay(update, index, record.offset(), new Packets(index, record.offset(), record.value().length));
                }
            } catch (EventJson.MalformedEventException e) {
                // skipped live too
            }
            progress[index] = record.offset() + 1;
        }

        /** The packets of one record, to this session's connection. */
        private final class Packets implements RoomPackets {
            private final int index;
            private final long offset;
            /** The record's size, about that of each of its packets (its payload and a little more). */
            private final int bytes;
            private int packets;

            Packets(int index, long offset, int bytes) {
                this.index = index;
                this.offset = offset;
                this.bytes = bytes;
            }

            @Override
            public int toRooms(Collection<String> targets, String event, Object payload) {
                return send(targets, null, event, payload, null);
            }

            @Override
            public int toRoomExceptUser(String room, String excludedUserId, String event, Object payload) {
                return send(List.of(room), excludedUserId, event, payload, null);
            }

            @Override
            public int toRoomTelling(String room, String event, Object payload, Consumer<String> recipients) {
                return send(List.of(room), null, event, payload, recipients);
            }

            /** Counts the packet once it is in the outbox: the replay sends it before it reads the next record, or stops. */
            private int send(Collection<String> targets, String excludedUserId, String event, Object payload, Consumer<String> recipients) {
                int packet = packets++;
                if (stopped || userId.equals(excludedUserId) || from.covers(index, offset, packet) || !inRoom(targets, packet)) {
                    return 0;
                }
                LogCut after = LogCut.of(progress).within(index, offset, packet + 1);
                outbox.add(new Outgoing(event, rooms.encoded(payload), after.encode(), bytes, recipients));
                return 1;
            }

            private boolean inRoom(Collection<String> targets, int packet) {
                for (String room : targets) {
                    LogCut joinedAt = joined.get(room);
                    if (joinedAt != null && !joinedAt.covers(index, offset, packet)) {
                        return true;
                    }
                }
                return false;
            }
        }
    }
}
