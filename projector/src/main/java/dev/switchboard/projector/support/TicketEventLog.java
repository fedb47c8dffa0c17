package dev.switchboard.projector.support;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.EnvelopeHeader;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.support.SupportUpdate.SupportActionRejected;
import dev.switchboard.projector.kafka.AuditTrail;
import dev.switchboard.readmodels.support.SupportReadModel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit index of support tickets ({@link SupportReadModel#TICKET_EVENTS}): per support action record, where the log
 * holds it, its JSON as recorded, and the JSON of every record it caused (its updates, or its dead letter), so a
 * ticket's audit reads one indexed query ({@code ticket}, then {@code offset}) whose cost grows with the ticket, not
 * with its partition. Written by the batch that applies the record, replacing by position, so a re-run writes the same
 * document again and a rebuild writes the same documents as the live projector. Refused and set-aside actions are
 * kept like the others, marked by {@code result}.
 */
@Component
public class TicketEventLog implements AuditTrail {
    public static final String APPLIED = "applied";
    public static final String REFUSED = "refused";
    public static final String SET_ASIDE = "set-aside";

    private final MongoCollection<Document> events;

    public TicketEventLog(MongoDatabase database) {
        this.events = database.getCollection(SupportReadModel.TICKET_EVENTS);
        events.createIndexes(SupportReadModel.TICKET_EVENT_INDEXES);
    }

    @Override
    public Topic actionTopic() {
        return Topic.SUPPORT_ACTIONS;
    }

    @Override
    public void record(List<ConsumerRecord<String, byte[]>> applied, List<Envelope<?>> updates,
                       Map<ConsumerRecord<String, byte[]>, Envelope<?>> setAside) {
        Map<String, Envelope<?>> updatesById = new HashMap<>();
        updates.forEach(update -> updatesById.put(update.id(), update));
        List<WriteModel<Document>> writes = new ArrayList<>(applied.size() + setAside.size());
        for (ConsumerRecord<String, byte[]> record : applied) {
            String actionId = EventJson.readHeader(record.value()).map(EnvelopeHeader::id).orElse(null);
            List<Envelope<?>> outcomes = new ArrayList<>();
            for (int n = 0; actionId != null && updatesById.containsKey(Ids.derived(actionId, n)); n++) {
                outcomes.add(updatesById.get(Ids.derived(actionId, n)));
            }
            boolean refused = outcomes.stream().anyMatch(outcome -> outcome.payload() instanceof SupportActionRejected);
            writes.add(entry(record, refused ? REFUSED : APPLIED, outcomes));
        }
        setAside.forEach((record, deadLetter) -> writes.add(entry(record, SET_ASIDE, List.of(deadLetter))));
        if (!writes.isEmpty()) {
            events.bulkWrite(writes);
        }
    }

    private static WriteModel<Document> entry(ConsumerRecord<String, byte[]> record, String result, List<Envelope<?>> outcomes) {
        String id = record.topic() + ":" + record.partition() + ":" + record.offset();
        Document doc = new Document("_id", id).append("ticket", record.key()).append("partition", record.partition())
                .append("offset", record.offset()).append("result", result)
                .append("action", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8))
                .append("outcomes", outcomes.stream().map(o -> new String(EventJson.write(o), StandardCharsets.UTF_8)).toList());
        return new ReplaceOneModel<>(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true));
    }
}
