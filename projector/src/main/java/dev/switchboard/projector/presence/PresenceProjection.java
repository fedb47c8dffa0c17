package dev.switchboard.projector.presence;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.presence.PresenceAction;
import dev.switchboard.events.presence.PresenceUpdate;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;
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

/** Applies presence actions: one read of the batch's users, decisions in log order, one bulk write. */
@Component
public class PresenceProjection implements Projection {
    private final PresenceStore store;
    private final ChatPartners chatPartners;

    public PresenceProjection(PresenceStore store, ChatPartners chatPartners) {
        this.store = store;
        this.chatPartners = chatPartners;
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
                alreadyApplied.get().forEach(update -> updates.add(withAudience(update)));
                continue;
            }
            PresenceDecider.Decision decision = PresenceDecider.decide(current.state(), action.actor(), payload, action.occurredAt());
            List<Envelope<PresenceUpdate>> produced = Envelope.outcomesOf(action,
                    decision.updates().stream().map(update -> withAudience(update)).toList(), payload.userId());
            updates.addAll(produced);
            if (!decision.next().equals(current.state())) {
                // recorded without their audience (a busy provider's would outgrow the document); re-added when re-published
                List<Envelope<?>> recorded = produced.stream().<Envelope<?>>map(PresenceProjection::withoutAudience).toList();
                stored.put(payload.userId(), new Stored(decision.next(), current.applied().plus(action.id(), recorded)));
                changed.add(payload.userId());
            }
        }
        store.saveAll(changed.stream().map(stored::get).toList());
        return updates;
    }

    private static Envelope<?> withoutAudience(Envelope<PresenceUpdate> update) {
        if (update.payload() instanceof UserStatusChanged changed) {
            return new Envelope<>(update.id(), update.type(), update.version(), update.occurredAt(), update.actor(), update.key(),
                    update.correlationId(), new UserStatusChanged(changed.userId(), changed.isOnline(), changed.lastActive(), List.of()));
        }
        return update;
    }

    private Envelope<?> withAudience(Envelope<?> update) {
        if (update.payload() instanceof UserStatusChanged changed) {
            return new Envelope<>(update.id(), update.type(), update.version(), update.occurredAt(), update.actor(), update.key(),
                    update.correlationId(), withAudience(changed));
        }
        return update;
    }

    private PresenceUpdate withAudience(PresenceUpdate update) {
        if (update instanceof UserStatusChanged changed) {
            return new UserStatusChanged(changed.userId(), changed.isOnline(), changed.lastActive(), chatPartners.of(changed.userId()));
        }
        return update;
    }
}
