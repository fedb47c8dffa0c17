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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
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
     * How often a replay looks again whether a connection that took no more ({@code SocketRooms.readyForMore}) does now:
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

    /**
     * {@code stalledAfter}: how long a replay waits for a connection that takes nothing more (the ping timeout: what
     * the server gives a client to show it is alive) before it closes it.
     */
    SessionReplay(KafkaCluster cluster, String clientId, RoomTopics layout, UpdateListener listener, SocketRooms rooms, Duration stalledAfter) {
        this.cluster = cluster;
        this.clientId = clientId;
        this.layout = layout;
        this.listener = listener;
        this.rooms = rooms;
        this.stalledAfter = stalledAfter;
    }

    /**
     * Replays the records in [{@code from}, {@code until}); returns the number of packets sent. A replay that cannot
     * finish while the connection is open (it took nothing for {@code stalledAfter}, or the replay ran out of time)
     * closes the connection's transport: live packets must not follow a gap. The client comes back from its last packet.
     */
    int run(SocketIOClient client, BooleanSupplier connected, String userId, Map<String, LogCut> joined, LogCut from, LogCut until) {
        long[] progress = new long[layout.size()];
        Map<TopicPartition, Integer> indexes = new HashMap<>();
        for (int i = 0; i < layout.size(); i++) {
            progress[i] = from.position(i);
            if (from.position(i) < until.position(i)) {
                indexes.put(layout.partition(i), i);
            }
        }
        if (indexes.isEmpty()) {
            return 0;
        }
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        BooleanSupplier going = () -> connected.getAsBoolean() && System.nanoTime() < deadline;
        Replaying replaying = new Replaying(client, userId, joined, from, progress, going);
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(cluster, null, clientId, "earliest")) {
            consumer.assign(indexes.keySet());
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(indexes.keySet());
            Map<Integer, ArrayDeque<ConsumerRecord<String, byte[]>>> held = new HashMap<>();
            Set<Integer> open = new HashSet<>();
            indexes.forEach((partition, index) -> {
                long start = Math.max(from.position(index), beginning.get(partition)); // older typing signals are gone: nothing to send
                if (start < until.position(index)) {
                    consumer.seek(partition, start);
                    open.add(index);
                    held.put(index, new ArrayDeque<>());
                }
            });
            while (!open.isEmpty() || held.values().stream().anyMatch(queue -> !queue.isEmpty())) {
                if (replaying.stopped || !going.getAsBoolean()) {
                    replaying.stopped = true;
                    break;
                }
                // a record is next once every partition still open has one waiting (or it is the record partly sent before)
                boolean ready = open.stream().allMatch(index -> !held.get(index).isEmpty());
                if (!ready && !partialWaiting(from, held)) {
                    fetch(consumer, indexes, until, held, open);
                    continue;
                }
                int next = nextPartition(from, held, replaying);
                ConsumerRecord<String, byte[]> record = held.get(next).poll();
                replaying.record(next, record);
                if (open.contains(next) && held.get(next).size() < HELD_PER_PARTITION) {
                    consumer.resume(List.of(new TopicPartition(record.topic(), record.partition())));
                }
            }
        }
        // also when it stopped while it sent the last record: the loop had nothing left to check
        if (replaying.stopped && connected.getAsBoolean()) {
            rooms.closeUnfinished(client, replaying.stalled ? "it took nothing of its replay for " + stalledAfter.toMillis() + " ms"
                    : "its replay did not end within " + GIVE_UP_AFTER + " (" + replaying.sent + " packets sent)");
        }
        if (log.isDebugEnabled()) {
            indexes.values().forEach(index -> log.debug("replayed partition {} from {} to {} (until {})", layout.partition(index),
                    from.position(index), progress[index], until.position(index)));
        }
        return replaying.sent;
    }

    private static boolean partialWaiting(LogCut from, Map<Integer, ArrayDeque<ConsumerRecord<String, byte[]>>> held) {
        int partial = from.partial();
        if (partial < 0 || !held.containsKey(partial) || held.get(partial).isEmpty()) {
            return false;
        }
        return held.get(partial).peek().offset() == from.position(partial);
    }

    /** The record partly sent before goes first; then the earliest in time of the partitions' next records. */
    private static int nextPartition(LogCut from, Map<Integer, ArrayDeque<ConsumerRecord<String, byte[]>>> held, Replaying replaying) {
        if (partialWaiting(from, held) && !replaying.partialDone) {
            replaying.partialDone = true;
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

    private static void fetch(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Integer> indexes, LogCut until,
                              Map<Integer, ArrayDeque<ConsumerRecord<String, byte[]>>> held, Set<Integer> open) {
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

    /** One session's replay: what it was sent, and where it is. */
    private final class Replaying {
        private final SocketIOClient client;
        private final String userId;
        private final Map<String, LogCut> joined;
        private final LogCut from;
        private final long[] progress;
        private final BooleanSupplier going;
        private final Set<String> replayedIds = new HashSet<>();
        boolean partialDone;
        /** The connection closed, the replay ran out of time, or the connection took nothing for too long. */
        boolean stopped;
        /** The connection took nothing for {@code stalledAfter}. */
        boolean stalled;
        int sent;

        /** {@code going}: whether the replay goes on (the connection is open, the replay has not given up). */
        Replaying(SocketIOClient client, String userId, Map<String, LogCut> joined, LogCut from, long[] progress, BooleanSupplier going) {
            this.client = client;
            this.userId = userId;
            this.joined = joined;
            this.from = from;
            this.progress = progress;
            this.going = going;
        }

        /**
         * Waits until the connection takes a packet of about {@code bytes} more, so that a client reading slowly is sent
         * its missed packets at its pace rather than all at once (which would pass its unsent limit and close it again);
         * false if the replay stops.
         */
        private boolean readyForMore(int bytes) {
            long waitingSince = System.nanoTime();
            long pause = READY_CHECK_NANOS;
            while (!rooms.readyForMore(client, bytes)) {
                if (!going.getAsBoolean()) {
                    stopped = true;
                    return false;
                }
                if (System.nanoTime() - waitingSince > stalledAfter.toNanos()) {
                    stalled = true;
                    stopped = true;
                    return false;
                }
                LockSupport.parkNanos(pause);
                pause = Math.min(pause * 2, MAX_READY_CHECK_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    stopped = true;
                    return false;
                }
            }
            return true;
        }

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

            private int send(Collection<String> targets, String excludedUserId, String event, Object payload, Consumer<String> recipients) {
                int packet = packets++;
                if (stopped || userId.equals(excludedUserId) || from.covers(index, offset, packet) || !inRoom(targets, packet)
                        || !readyForMore(bytes)) {
                    return 0;
                }
                LogCut after = LogCut.of(progress).within(index, offset, packet + 1);
                rooms.sendReplayed(client, event, rooms.encoded(payload), after.encode());
                if (recipients != null) {
                    recipients.accept(client.getSessionId().toString());
                }
                sent++;
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
