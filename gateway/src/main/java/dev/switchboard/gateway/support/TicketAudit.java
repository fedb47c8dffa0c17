package dev.switchboard.gateway.support;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.EnvelopeHeader;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Times;
import dev.switchboard.readmodels.support.SupportReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ticket's history from the projector's audit index ({@link SupportReadModel#TICKET_EVENTS}): every action about it
 * in log order, each marked {@code result} {@code applied}, {@code refused} or {@code set-aside}, each followed by the
 * records it caused (its updates, or its dead letter). The index holds the records' JSON exactly as the log does, so
 * one indexed query answers, whatever else shares the ticket's partition. A record the gateway cannot read (set aside
 * by the projector for that reason) is shown by its envelope header with a null payload, never failing the audit.
 */
@Component
public class TicketAudit {
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

    private static Map<String, Object> view(String json, String kind) {
        byte[] bytes = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> view = new LinkedHashMap<>();
        try {
            Envelope<Event> e = EventJson.read(bytes);
            view.put("id", e.id());
            view.put("kind", kind);
            view.put("type", e.type());
            view.put("version", e.version());
            view.put("occurredAt", Times.iso(e.occurredAt()));
            view.put("actor", e.actor());
            view.put("correlationId", e.correlationId());
            view.put("payload", EventJson.MAPPER.convertValue(e.payload(), Map.class));
        } catch (EventJson.MalformedEventException unreadable) {
            EnvelopeHeader h = EventJson.readHeader(bytes).orElse(new EnvelopeHeader(null, null, null, null, null, null, null));
            view.put("id", h.id());
            view.put("kind", kind);
            view.put("type", h.type());
            view.put("version", h.version());
            view.put("occurredAt", h.occurredAt() == null ? null : Times.iso(h.occurredAt()));
            view.put("actor", h.actor());
            view.put("correlationId", h.correlationId());
            view.put("payload", null);
        }
        return view;
    }
}
