package dev.switchboard.gateway.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.switchboard.events.EnvelopeHeader;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Times;
import dev.switchboard.readmodels.support.SupportReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ticket's history from the projector's audit index ({@link SupportReadModel#TICKET_EVENTS}): every action about it
 * in log order, each marked {@code result} {@code applied}, {@code refused} or {@code set-aside}, each followed by the
 * records it caused (its updates, or its dead letter). The index holds the records' JSON exactly as the log does, so
 * one indexed query answers, whatever else shares the ticket's partition. Each record is shown as the log holds it
 * ({@link #view}), so an audit shows what was recorded, not what this build would make of it.
 */
@Component
public class TicketAudit {
    private static final ObjectReader AS_HELD = EventJson.MAPPER.readerFor(new TypeReference<Map<String, Object>>() { })
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final SupportReadModel support;

    public TicketAudit(SupportReadModel support) {
        this.support = support;
    }

    public List<Map<String, Object>> of(String ticketId) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Document entry : support.auditEntries(ticketId)) {
            Map<String, Object> action = view(entry.getString("action"), "action");
            action.put("result", entry.getString("result"));
            events.add(action);
            for (String outcome : entry.getList("outcomes", String.class, List.of())) {
                events.add(view(outcome, "outcome"));
            }
        }
        return events;
    }

    /**
     * The record's envelope fields as the log holds them, payload included (an older version's shape stays that shape,
     * a payload the projector could not read is shown as it is, numbers keep every digit); a record that is not a JSON
     * object shows what its header gives, with a null payload.
     */
    private static Map<String, Object> view(String json, String kind) {
        Map<String, Object> view = new LinkedHashMap<>();
        Map<String, Object> record = parse(json);
        if (record != null) {
            view.put("id", record.get("id"));
            view.put("kind", kind);
            for (String field : List.of("type", "version", "occurredAt", "actor", "correlationId", "payload")) {
                view.put(field, record.get(field));
            }
            return view;
        }
        byte[] bytes = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        EnvelopeHeader h = EventJson.readHeader(bytes).orElse(new EnvelopeHeader(null, null, null, null, null, null, null));
        view.put("id", h.id());
        view.put("kind", kind);
        view.put("type", h.type());
        view.put("version", h.version());
        view.put("occurredAt", h.occurredAt() == null ? null : Times.iso(h.occurredAt()));
        view.put("actor", h.actor());
        view.put("correlationId", h.correlationId());
        view.put("payload", null);
        return view;
    }

    private static Map<String, Object> parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return AS_HELD.readValue(json);
        } catch (IOException notAnObject) {
            return null;
        }
    }
}
