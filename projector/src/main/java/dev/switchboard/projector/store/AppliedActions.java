package dev.switchboard.projector.store;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last actions applied to an aggregate's document, each with the updates it produced, stored in the same
 * document as the state so that both are written at once. When a batch is re-run after a crash between the
 * store write and the offset commit, an action found here is not decided again: its recorded updates are
 * published again instead, so no update is lost and none is invented.
 */
public record AppliedActions(List<Entry> entries) {
    public static final int KEPT = 64;
    public static final AppliedActions NONE = new AppliedActions(List.of());

    public record Entry(String actionId, List<String> updates) {
    }

    public AppliedActions {
        entries = List.copyOf(entries);
    }

    public Optional<List<Envelope<?>>> updatesOf(String actionId) {
        return entries.stream()
                .filter(entry -> entry.actionId().equals(actionId))
                .findFirst()
                .map(entry -> entry.updates().stream()
                        .<Envelope<?>>map(json -> EventJson.read(json.getBytes(StandardCharsets.UTF_8)))
                        .toList());
    }

    public AppliedActions plus(String actionId, List<? extends Envelope<? extends Event>> updates) {
        List<Entry> next = new ArrayList<>(entries);
        next.add(new Entry(actionId, updates.stream()
                .map(update -> new String(EventJson.write(update), StandardCharsets.UTF_8))
                .toList()));
        if (next.size() > KEPT) {
            next = next.subList(next.size() - KEPT, next.size());
        }
        return new AppliedActions(next);
    }

    public List<Document> toBson() {
        return entries.stream()
                .map(entry -> new Document("actionId", entry.actionId()).append("updates", entry.updates()))
                .toList();
    }

    public static AppliedActions fromBson(List<Document> documents) {
        if (documents == null) {
            return NONE;
        }
        return new AppliedActions(documents.stream()
                .map(doc -> new Entry(doc.getString("actionId"), doc.getList("updates", String.class)))
                .toList());
    }
}
