package dev.switchboard.projector.notification;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.notification.NotificationUpdate;
import dev.switchboard.projector.kafka.Projection;
import dev.switchboard.projector.ProjectorSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies notification actions: one load of what the batch can touch, as it was before the batch
 * ({@link NotificationState#beforeBatch}, which makes a re-run decide exactly like the first run), decisions in log
 * order ({@link NotificationDecider}), one bulk write, and the updates (ids derived from the action's, so a re-run
 * publishes the same records).
 */
@Component
public class NotificationProjection implements Projection {
    private final NotificationStore store;
    /** A rebuild's keys written so far (see {@link WrittenKeys}); null in the live loop. */
    private final WrittenKeys writtenKeys;

    @Autowired
    public NotificationProjection(NotificationStore store, ProjectorSettings settings) {
        this(store, settings.rebuild() ? new WrittenKeys(WrittenKeys.DEFAULT_LIMIT) : null);
    }

    NotificationProjection(NotificationStore store, WrittenKeys writtenKeys) {
        this.store = store;
        this.writtenKeys = writtenKeys;
    }

    @Override
    public Topic actionTopic() {
        return Topic.NOTIFICATION_ACTIONS;
    }

    @Override
    public List<Envelope<?>> apply(List<Envelope<Event>> actions) {
        Set<String> actionIds = new LinkedHashSet<>();
        actions.forEach(action -> actionIds.add(action.id()));
        NotificationStore.Wanted wanted = NotificationStore.Wanted.by(actions);
        if (writtenKeys != null) {
            wanted = wanted.onlyKeys(writtenKeys::mayBeStored);
        }
        NotificationState state = NotificationState.beforeBatch(store.load(wanted), actionIds);
        Outcome outcome = decideInOrder(state, actions);
        if (writtenKeys != null) {
            writtenKeys.writing(outcome.changes());
        }
        store.write(outcome.changes());
        return outcome.updates();
    }

    /** What a batch decided: its updates in order, and its changes to write. */
    record Outcome(List<Envelope<?>> updates, List<NotificationChange> changes) {
    }

    /**
     * Decides each action in log order, each on the state the ones before it left. Each change records the owner's
     * actions before it in the batch whose outcomes show stored notifications (joins and read-alls, which find them by
     * query, and requests answered by an existing one): a later change must not show in their outcomes on a re-run
     * cut between them and it ({@link NotificationState#beforeBatch}).
     */
    static Outcome decideInOrder(NotificationState state, List<? extends Envelope<? extends Event>> actions) {
        List<Envelope<?>> updates = new ArrayList<>();
        List<NotificationChange> changes = new ArrayList<>();
        Map<String, List<String>> readersSoFar = new HashMap<>();
        for (Envelope<? extends Event> action : actions) {
            NotificationAction payload = (NotificationAction) action.payload();
            NotificationDecider.Decision decision = NotificationDecider.decide(state, action.actor(), payload, action.id(), action.occurredAt());
            List<String> before = payload.userId() == null ? null : readersSoFar.get(payload.userId());
            List<NotificationChange> decided = before == null ? decision.changes()
                    : decision.changes().stream().map(change -> change.after(before)).toList();
            if (payload.userId() != null && (payload instanceof NotificationsJoined || payload instanceof AllNotificationsRead
                    || (payload instanceof NotificationRequested && decision.changes().isEmpty()))) {
                readersSoFar.computeIfAbsent(payload.userId(), user -> new ArrayList<>()).add(action.id());
            }
            state.apply(decided);
            changes.addAll(decided);
            List<Envelope<NotificationUpdate>> outcomes = Envelope.outcomesOf(action, decision.updates(), payload.userId());
            updates.addAll(outcomes);
        }
        return new Outcome(updates, changes);
    }
}
