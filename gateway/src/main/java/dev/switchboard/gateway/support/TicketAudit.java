package dev.switchboard.gateway.support;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Times;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.gateway.GatewaySettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ticket's history read straight from the Kafka log, never from the read models: every action about it
 * (refused ones included) and every outcome, in order. Only the partition the ticket's key maps to is read.
 */
@Component
public class TicketAudit {
    private final GatewaySettings settings;

    public TicketAudit(GatewaySettings settings) {
        this.settings = settings;
    }

    private record Entry(Envelope<Event> envelope, boolean action, long offset) {
    }

    public List<Map<String, Object>> of(String ticketId) {
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(settings.kafkaCluster(), null, "switchboard-audit", "earliest")) {
            for (Topic topic : List.of(Topic.SUPPORT_ACTIONS, Topic.SUPPORT_UPDATES)) {
                read(consumer, topic, ticketId, entries);
            }
        }
        return inLogOrder(entries).stream().map(TicketAudit::view).toList();
    }

    /**
     * Actions in the order the log holds them (the order the projector decided them in, whatever the gateways'
     * clocks said), each followed by its outcomes; outcomes whose action is not there come last, in log order.
     */
    private static List<Entry> inLogOrder(List<Entry> entries) {
        Map<String, List<Entry>> outcomesByCorrelation = new LinkedHashMap<>();
        entries.stream().filter(e -> !e.action()).sorted(Comparator.comparingLong(Entry::offset))
                .forEach(e -> outcomesByCorrelation.computeIfAbsent(String.valueOf(e.envelope().correlationId()), c -> new ArrayList<>()).add(e));
        List<Entry> ordered = new ArrayList<>(entries.size());
        entries.stream().filter(Entry::action).sorted(Comparator.comparingLong(Entry::offset)).forEach(action -> {
            ordered.add(action);
            List<Entry> outcomes = outcomesByCorrelation.remove(String.valueOf(action.envelope().correlationId()));
            if (outcomes != null) {
                ordered.addAll(outcomes);
            }
        });
        outcomesByCorrelation.values().forEach(ordered::addAll);
        return ordered;
    }

    private static void read(KafkaConsumer<String, byte[]> consumer, Topic topic, String ticketId, List<Entry> into) {
        int partitions = consumer.partitionsFor(topic.topicName()).size();
        TopicPartition partition = new TopicPartition(topic.topicName(),
                Utils.toPositive(Utils.murmur2(ticketId.getBytes(StandardCharsets.UTF_8))) % partitions);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (ticketId.equals(record.key())) {
                    into.add(new Entry(EventJson.read(record.value()), topic.reader() == Topic.Reader.PROJECTOR, record.offset()));
                }
            }
        }
    }

    private static Map<String, Object> view(Entry entry) {
        Envelope<Event> e = entry.envelope();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id());
        view.put("kind", entry.action() ? "action" : "outcome");
        view.put("type", e.type());
        view.put("version", e.version());
        view.put("occurredAt", Times.iso(e.occurredAt()));
        view.put("actor", e.actor());
        view.put("correlationId", e.correlationId());
        view.put("payload", EventJson.MAPPER.convertValue(e.payload(), Map.class));
        return view;
    }
}
