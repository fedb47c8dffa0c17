package dev.switchboard.projector.presence;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.presence.PresenceAction;
import dev.switchboard.events.presence.PresenceUpdate;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;
import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.projector.kafka.Projection;
import dev.switchboard.projector.presence.PresenceStore.Stored;
import dev.switchboard.projector.store.AppliedActions;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies presence actions: one read of the batch's users, decisions in log order, one bulk write, then one read of
 * the chat partners who are told of the batch's status changes (none in a rebuild, which publishes nothing).
 */
@Component
public class PresenceProjection implements Projection {
    private final PresenceStore store;
    private final ChatPartners chatPartners;
    private final boolean publishing;

    public PresenceProjection(PresenceStore store, ChatPartners chatPartners, ProjectorSettings settings) {
        this.store = store;
        this.chatPartners = chatPartners;
        this.publishing = !settings.rebuild();
    }

    @Override
    public Topic actionTopic() {
        return Topic.PRESENCE_ACTIONS;
    }

    @Override
    public List<Envelope<?>> apply(List<Envelope<Event>> actions) {
        Set<String> userIds = new LinkedHashSet<>();
        actions.forEach(action -> userIds.add(((PresenceAction) action.payload()).userId()));
        Map<String, Stored> stored = new LinkedHashMap<>(store.load(userIds));
        Set<String> changed = new LinkedHashSet<>();
        List<Envelope<?>> updates = new ArrayList<>();

        for (Envelope<Event> action : actions) {
            PresenceAction payload = (PresenceAction) action.payload();
            Stored current = stored.getOrDefault(payload.userId(), new Stored(PresenceState.unknown(payload.userId()), AppliedActions.NONE));
            Optional<List<Envelope<?>>> alreadyApplied = current.applied().updatesOf(action.id());
            if (alreadyApplied.isPresent()) {
                updates.addAll(alreadyApplied.get());
                continue;
            }
            PresenceDecider.Decision decision = PresenceDecider.decide(current.state(), action.actor(), payload, action.occurredAt());
            // decided and recorded without their audience (a busy provider's would outgrow the document)
            List<Envelope<PresenceUpdate>> produced = Envelope.outcomesOf(action, decision.updates(), payload.userId());
            updates.addAll(produced);
            if (!decision.next().equals(current.state())) {
                stored.put(payload.userId(), new Stored(decision.next(), current.applied().plus(action.id(), List.copyOf(produced))));
                changed.add(payload.userId());
            }
        }
        store.saveAll(changed.stream().map(stored::get).toList());
        return publishing ? withAudiences(updates) : updates;
    }

    private List<Envelope<?>> withAudiences(List<Envelope<?>> updates) {
        Set<String> statusChanged = new LinkedHashSet<>();
        updates.forEach(update -> {
            if (update.payload() instanceof UserStatusChanged changed) {
                statusChanged.add(changed.userId());
            }
        });
        if (statusChanged.isEmpty()) {
            return updates;
        }
        Map<String, List<String>> partners = chatPartners.ofEach(statusChanged);
        return updates.stream().<Envelope<?>>map(update -> update.payload() instanceof UserStatusChanged changed
                ? new Envelope<>(update.id(), update.type(), update.version(), update.occurredAt(), update.actor(), update.key(),
                        update.correlationId(), new UserStatusChanged(changed.userId(), changed.isOnline(), changed.lastActive(),
                                partners.getOrDefault(changed.userId(), List.of())))
                : update).toList();
    }
}
