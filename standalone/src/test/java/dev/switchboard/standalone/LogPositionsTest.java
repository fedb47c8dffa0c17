package dev.switchboard.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.switchboard.embedded.EmbeddedKafka;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.projector.store.LogPositions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stack of its own: the projector resumes from the positions stored with the read models, not from its group's offsets. */
class LogPositionsTest {

    @Test
    void theProjectorResumesFromTheStoresPositionsEvenWhenItsGroupsOffsetsPointElsewhere(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = TestStack.settings(dataDir);
        String client = Ids.newId();
        String provider = Ids.newId();
        int updatesBefore;

        TestStack first = TestStack.start(settings);
        try (SocketClient clientSocket = SocketClient.connected(first, client, "client");
             SocketClient providerSocket = SocketClient.connected(first, provider, "provider")) {
            String chatId = Rest.openChat(first, client, "client", provider);
            for (int i = 0; i < 20; i++) {
                clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "m" + i, "messageType", "text"));
            }
            awaitPositionsAtTheEndOfTheLog(first);
            updatesBefore = TestLog.records(first, Topic.CHAT_UPDATES).size();
        } finally {
            first.stop();
        }

        // an operator (or a crash of an earlier build) leaves the group's offsets at the beginning of the log
        TestStack second = startWithGroupOffsetsAtZero(settings);
        try {
            awaitPositionsAtTheEndOfTheLog(second);
            Thread.sleep(2_000); // give a wrong resume time to re-publish
            assertEquals(updatesBefore, TestLog.records(second, Topic.CHAT_UPDATES).size(),
                    "the projector applied and published the log again instead of resuming where its read models end");
        } finally {
            second.stop();
        }
    }

    @Test
    void positionsThisProcessHeldThatAreGoneAreReportedLostNotStartedAgainWhileADatabaseDroppedBeforeItStartsFromNothing() {
        onAScratchDatabase(database -> {
            TopicPartition held = new TopicPartition("switchboard.chat.actions", 1);
            TopicPartition other = new TopicPartition("switchboard.chat.actions", 2);
            LogPositions positions = new LogPositions(database);
            positions.advance(Map.of(held, 10L));
            positions.advance(Map.of(held, 12L));
            assertEquals(Map.of(held, 12L), positions.of(List.of(held, other)));

            database.drop();
            LogPositions.PositionsLost written = assertThrows(LogPositions.PositionsLost.class, () -> positions.advance(Map.of(held, 13L, other, 3L)));
            assertTrue(written.getMessage().contains("switchboard.chat.actions:1"), written.getMessage());
            assertEquals(Optional.of(3L), Optional.ofNullable(positions.of(List.of(other)).get(other)), "one never held is stored as before");
            database.drop();
            assertThrows(LogPositions.PositionsLost.class, () -> positions.of(List.of(held, other)));

            LogPositions afterARestart = new LogPositions(database); // a database dropped while no projector used it
            assertEquals(Map.of(), afterARestart.of(List.of(held, other)));
            afterARestart.advance(Map.of(held, 5L));
            assertEquals(Map.of(held, 5L), afterARestart.of(List.of(held)));

            assertEquals(Optional.empty(), afterARestart.lostMark());
            positions.markLost("what was seen");
            positions.markLost("seen again later");
            assertTrue(afterARestart.lostMark().orElseThrow().startsWith("what was seen (noticed "), afterARestart.lostMark().toString());
            // another projector on the same database, writing the first position of a partition, finds the mark too
            LogPositions.PositionsLost marked = assertThrows(LogPositions.PositionsLost.class,
                    () -> afterARestart.advance(Map.of(new TopicPartition("switchboard.chat.actions", 3), 1L)));
            assertTrue(marked.getMessage().contains("carries the mark of positions lost: what was seen"), marked.getMessage());
        });
    }

    @Test
    void aPositionBehindWhereThisProcessSawItIsReportedLostAndNotMovedOnWhileALateWriteOfAnEarlierOffsetIsNot() {
        onAScratchDatabase(database -> {
            TopicPartition partition = new TopicPartition("switchboard.chat.actions", 1);
            String id = "switchboard.chat.actions:1";
            LogPositions positions = new LogPositions(database);
            positions.advance(Map.of(partition, 10L));
            positions.advance(Map.of(partition, 12L));
            positions.advance(Map.of(partition, 11L)); // a late write of an earlier batch: the position stays
            assertEquals(Map.of(partition, 12L), positions.of(List.of(partition)));
            new LogPositions(database).advance(Map.of(partition, 20L)); // the partition's next owner moved it on
            positions.advance(Map.of(partition, 13L));
            assertEquals(Map.of(partition, 20L), positions.of(List.of(partition)));

            // restored from a copy taken when it was at 5
            database.getCollection(LogPositions.COLLECTION).replaceOne(Filters.eq("_id", id),
                    new Document("_id", id).append("topic", partition.topic()).append("partition", 1).append("next", 5L));
            LogPositions.PositionsLost written = assertThrows(LogPositions.PositionsLost.class, () -> positions.advance(Map.of(partition, 21L)));
            assertTrue(written.getMessage().contains(id + " went back from 20 to 5"), written.getMessage());
            assertEquals(Map.of(partition, 5L), new LogPositions(database).of(List.of(partition)), "not moved on over the gap");
            LogPositions.PositionsLost read = assertThrows(LogPositions.PositionsLost.class, () -> positions.of(List.of(partition)));
            assertTrue(read.getMessage().contains(id + " went back from 20 to 5"), read.getMessage());
        });
    }

    @Test
    void aQuietProjectorsCheckFindsAPositionItSawGoneOrBehindOrTheMarkOfAnother() {
        onAScratchDatabase(database -> {
            TopicPartition partition = new TopicPartition("switchboard.chat.actions", 2);
            String id = "switchboard.chat.actions:2";
            LogPositions positions = new LogPositions(database);
            positions.verify(); // nothing seen yet, nothing to miss
            positions.advance(Map.of(partition, 7L));
            new LogPositions(database).advance(Map.of(partition, 9L)); // moved on by the partition's next owner
            positions.verify();

            database.getCollection(LogPositions.COLLECTION).updateOne(Filters.eq("_id", id), new Document("$set", new Document("next", 3L)));
            LogPositions.PositionsLost behind = assertThrows(LogPositions.PositionsLost.class, positions::verify);
            assertTrue(behind.getMessage().contains(id + " went back from 7 to 3"), behind.getMessage());

            database.getCollection(LogPositions.COLLECTION).deleteMany(new Document());
            LogPositions.PositionsLost gone = assertThrows(LogPositions.PositionsLost.class, positions::verify);
            assertTrue(gone.getMessage().contains(id + " is gone"), gone.getMessage());

            LogPositions another = new LogPositions(database);
            another.markLost("what another saw");
            LogPositions.PositionsLost marked = assertThrows(LogPositions.PositionsLost.class, another::verify);
            assertTrue(marked.getMessage().contains("carries the mark of positions lost: what another saw"), marked.getMessage());
        });
    }

    /** Runs {@code test} on a database of its own in the shared stack's store, dropped afterwards. */
    private static void onAScratchDatabase(Consumer<MongoDatabase> test) {
        try (MongoClient mongo = MongoClients.create(TestStack.shared().mongoUri())) {
            MongoDatabase database = mongo.getDatabase("positions" + Ids.newId());
            try {
                test.accept(database);
            } finally {
                database.drop();
            }
        }
    }

    /** Rewinds the projector's group through the bare broker (once the group is empty), then starts the stack. */
    private static TestStack startWithGroupOffsetsAtZero(Map<String, Object> settings) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of((String) settings.get("DATA_DIR")).resolve("kafka"),
                (Integer) settings.get("KAFKA_PORT"), (Integer) settings.get("KAFKA_CONTROLLER_PORT"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(KafkaCluster.at(kafka.bootstrapServers()), null, "test-rewinder", "earliest")) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (TopicPartition partition : partitions(consumer, Topic.CHAT_ACTIONS)) {
                zero.put(partition, new OffsetAndMetadata(0));
            }
            // the stopped projector is a static member: it stays in the group until its session times out
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.alterConsumerGroupOffsets("switchboard-projector", zero).all().get(30, TimeUnit.SECONDS) == null);
        }
        return TestStack.start(settings);
    }

    private static void awaitPositionsAtTheEndOfTheLog(TestStack stack) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(stack.kafkaCluster(), null, "test-end-reader", "earliest");
             MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            List<TopicPartition> partitions = partitions(consumer, Topic.CHAT_ACTIONS);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (TopicPartition partition : partitions) {
                    if (end.get(partition) == 0) {
                        continue;
                    }
                    Document stored = mongo.getDatabase("switchboard").getCollection(LogPositions.COLLECTION)
                            .find(new Document("_id", partition.topic() + ":" + partition.partition())).first();
                    assertEquals(end.get(partition), stored == null ? null : ((Number) stored.get("next")).longValue(), partition.toString());
                }
            });
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, Topic topic) {
        return consumer.partitionsFor(topic.topicName()).stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }
}
