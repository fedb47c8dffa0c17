package dev.switchboard.bench;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.chat.Message;
import dev.switchboard.events.kafka.EnvelopeSerializer;
import dev.switchboard.gateway.auth.Role;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's fan-in: every gateway reads every update, and pushes only those whose rooms its own sockets joined.
 * Synthetic {@code MessagePosted} updates go straight onto the chat update topic as fast as a batching producer can
 * write them; a share {@code local} of them is for chats whose receivers are connected to this gateway (and counted
 * when their {@code new-message} arrives), the rest for chats nobody here joined. The gateway's rate is the updates
 * it got through per second of the run. With N gateways sharing users evenly, each has {@code local = 1/N}, and each
 * must still read the whole stream: that rate is the system's ceiling however many gateways are added.
 */
final class FanInScenario {
    private final Load load;
    private final String socketUrl;
    private final String httpUrl;
    private final String bootstrapServers;

    FanInScenario(Load load, String socketUrl, String httpUrl, String bootstrapServers) {
        this.load = load;
        this.socketUrl = socketUrl;
        this.httpUrl = httpUrl;
        this.bootstrapServers = bootstrapServers;
    }

    Map<String, Object> run(int rooms, int updatesPerShare, double[] localShares) throws Exception {
        List<String> tokens = new ArrayList<>();
        List<String> clientIds = new ArrayList<>();
        List<String> providerIds = new ArrayList<>();
        for (int i = 0; i < rooms; i++) {
            clientIds.add(Ids.newId());
            providerIds.add(Ids.newId());
            tokens.add(load.token(providerIds.get(i), Role.PROVIDER));
        }
        List<SioClient> providers = Load.connectAll(socketUrl, tokens, 50);
        AtomicLong received = new AtomicLong();
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < rooms; i++) {
            String chatId = LatencyScenario.openChat(load, httpUrl, clientIds.get(i), providerIds.get(i));
            chats.add(chatId);
            providers.get(i).on("new-message", message -> received.incrementAndGet());
            providers.get(i).emitWithAck("join-chat", chatId).join();
        }
        Map<String, Object> results = new LinkedHashMap<>();
        try (KafkaProducer<String, Envelope<?>> producer = producer()) {
            measure(producer, chats, providerIds, clientIds, received, Math.min(20_000, updatesPerShare), 1.0); // warm-up
            for (double share : localShares) {
                Map<String, Object> one = measure(producer, chats, providerIds, clientIds, received, updatesPerShare, share);
                results.put(Math.round(share * 1000) / 10.0 + "% local", one);
                System.out.println("fan-in " + share + " local: " + one);
            }
        } finally {
            providers.forEach(SioClient::close);
        }
        return results;
    }

    private Map<String, Object> measure(KafkaProducer<String, Envelope<?>> producer, List<String> chats, List<String> receivers,
                                        List<String> senders, AtomicLong received, int updates, double localShare) throws Exception {
        long receivedBefore = received.get();
        int local = 0;
        long started = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            boolean isLocal = ThreadLocalRandom.current().nextDouble() < localShare;
            int room = ThreadLocalRandom.current().nextInt(chats.size());
            String chatId = isLocal ? chats.get(room) : Ids.newId();
            if (isLocal) {
                local++;
            }
            Envelope<MessagePosted> update = posted(chatId, senders.get(room), isLocal ? receivers.get(room) : Ids.newId());
            producer.send(new ProducerRecord<>(Topic.CHAT_UPDATES.topicName(), chatId, update));
        }
        producer.flush();
        double producedSeconds = (System.nanoTime() - started) / 1e9;
        long expected = receivedBefore + local;
        long deadline = System.currentTimeMillis() + 120_000;
        while (received.get() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("updates", updates);
        result.put("localPushes", local);
        result.put("pushedWithin2min", received.get() - receivedBefore);
        result.put("producerUpdatesPerSecond", Math.round(updates / producedSeconds));
        result.put("gatewayUpdatesPerSecond", Math.round(updates / seconds));
        result.put("producerBound", producedSeconds > 0.9 * seconds);
        return result;
    }

    /**
     * Posted delivered, as a send to a receiver connected at the time is: an undelivered one pushed to its receiver here
     * would have the gateway record a delivery on the receiver's behalf ({@code ReceiverDeliveries}), a cost real traffic
     * pays only when the receiver connects between the send and the push.
     */
    private static Envelope<MessagePosted> posted(String chatId, String senderId, String receiverId) {
        Instant now = Instant.now();
        Message message = new Message(Ids.newId(), chatId, new Message.Sender(senderId, "Bench " + senderId, "https://example.com/a.jpg", "client"),
                receiverId, "fan-in " + now.toEpochMilli(), "text", List.of(), null, true, now, false, null, now);
        Envelope<MessageSubmitted> cause = Envelope.newAction(new MessageSubmitted(message.id(), chatId, senderId, "client", "Bench",
                null, message.content(), "text", List.of(), null, true), Actor.user(senderId, "client"), chatId, now);
        return Envelope.causedBy(cause, 0, new MessagePosted(message), chatId);
    }

    private KafkaProducer<String, Envelope<?>> producer() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config, new StringSerializer(), new EnvelopeSerializer());
    }

    /** Gateways N = 1, 2, 4, 8 sharing users evenly: the ceiling when each reads everything, and when each reads its share. */
    static Map<String, Object> ceilings(Map<String, Object> measured) {
        Map<String, Object> ceilings = new LinkedHashMap<>();
        double allLocal = rate(measured, 1.0);
        for (int n : new int[]{1, 2, 4, 8}) {
            double readsEverything = rate(measured, 1.0 / n);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("readEverythingUpdatesPerSecond", Math.round(readsEverything));
            row.put("readOwnShareUpdatesPerSecond", Math.round(n * allLocal));
            ceilings.put(n + " gateways", row);
        }
        return ceilings;
    }

    private static double rate(Map<String, Object> measured, double share) {
        Object one = measured.get(Math.round(share * 1000) / 10.0 + "% local");
        return one == null ? Double.NaN : ((Number) ((Map<?, ?>) one).get("gatewayUpdatesPerSecond")).doubleValue();
    }
}
