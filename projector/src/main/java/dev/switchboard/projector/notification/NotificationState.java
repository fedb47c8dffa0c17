package dev.switchboard.projector.notification;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The notifications a batch's actions can touch, as the batch sees them while it is decided in log order: every
 * notification named by id in the batch (created, delivered or read), every notification of a requester under the
 * requested idempotency keys, all undelivered ones of a user who joins and all unread ones of a user who reads all
 * ({@link NotificationStore#load} reads exactly these). The decider only reads it; the projection applies each
 * decision's changes before deciding the next action.
 *
 * <h2>As before the batch</h2>
 * A batch is re-run after a crash or a failed write, and the store may then hold some or all of its effects already.
 * Deciding on that state would differ from the first run: a {@code join-notifications} would also release a
 * notification that a later request of the same batch had stored, a {@code mark-all-notifications-read} would count
 * it, and a mark the batch made itself would look made before it. So {@link #beforeBatch} rebuilds the state as it
 * was before the batch from the stamps every write carries:
 * <ul>
 *   <li>a notification whose {@code createdBy} is an action of this batch is left out: the decider creates it again,
 *       at the same point in log order;</li>
 *   <li>a delivery or read whose {@code deliveredBy} / {@code readBy} is an action of this batch is not yet done:
 *       the decider makes it again (same action, same time, same notifications).</li>
 * </ul>
 * Deciding the same actions in the same order on the same state gives the same outcomes, so a re-run publishes
 * exactly the first run's updates (same ids, see {@code Envelope.outcomesOf}) and writes the same documents.
 * A re-run can also hold fewer of the first run's actions (its first poll returned fewer, or the loop narrows a failing
 * batch down): the store may then hold effects of actions it does not have yet. Every change records the owner's
 * actions before it in its batch that read stored notifications to decide ({@code createdAfter},
 * {@code deliveredAfter}, {@code readAfter}): a batch holding one of those but not the change's own action was cut
 * before that action, so the change counts as not made, like its own.
 */
public final class NotificationState {
    /** Oldest first: by creation time, then by id (ObjectIds in hex order, so ties keep the order they were made in). */
    static final Comparator<StoredNotification> OLDEST_FIRST = Comparator
            .comparing((StoredNotification n) -> n.notification().createdAt())
            .thenComparing(StoredNotification::id);

    private final Map<String, StoredNotification> byId = new LinkedHashMap<>();
    private final Map<String, String> idByUserKey = new HashMap<>();

    private NotificationState() {
    }

    public static NotificationState empty() {
        return new NotificationState();
    }

    /** Exactly these notifications. */
    public static NotificationState of(Collection<StoredNotification> notifications) {
        NotificationState state = new NotificationState();
        notifications.forEach(state::put);
        return state;
    }

    /**
     * The state before a batch of the actions {@code batchActionIds}, from what the store holds now: without the
     * notifications those actions created and with the deliveries and reads they made undone (see the class comment).
     */
    public static NotificationState beforeBatch(Collection<StoredNotification> stored, Set<String> batchActionIds) {
        NotificationState state = new NotificationState();
        for (StoredNotification notification : stored) {
            if (isOneOf(notification.createdBy(), batchActionIds) || anyOf(notification.createdAfter(), batchActionIds)) {
                continue;
            }
            StoredNotification before = notification;
            if (isOneOf(before.deliveredBy(), batchActionIds) || anyOf(before.deliveredAfter(), batchActionIds)) {
                before = before.undelivered();
            }
            if (isOneOf(before.readBy(), batchActionIds) || anyOf(before.readAfter(), batchActionIds)) {
                before = before.unread();
            }
            state.put(before);
        }
        return state;
    }

    private static boolean isOneOf(String actionId, Set<String> batchActionIds) {
        return actionId != null && batchActionIds.contains(actionId);
    }

    private static boolean anyOf(List<String> actionIds, Set<String> batchActionIds) {
        return !actionIds.isEmpty() && actionIds.stream().anyMatch(batchActionIds::contains);
    }

    public Optional<StoredNotification> byId(String notificationId) {
        return notificationId == null ? Optional.empty() : Optional.ofNullable(byId.get(notificationId.toLowerCase(Locale.ROOT)));
    }

    public Optional<StoredNotification> byIdempotencyKey(String userId, String key) {
        return Optional.ofNullable(idByUserKey.get(userKey(userId, key))).map(byId::get);
    }

    /** The user's undelivered notifications, oldest first. */
    public List<StoredNotification> undeliveredOf(String userId) {
        return byId.values().stream().filter(n -> n.user().equals(userId) && !n.isDelivered()).sorted(OLDEST_FIRST).toList();
    }

    /** The user's unread notifications, oldest first. */
    public List<StoredNotification> unreadOf(String userId) {
        return byId.values().stream().filter(n -> n.user().equals(userId) && !n.isRead()).sorted(OLDEST_FIRST).toList();
    }

    /** Every notification, in no particular order (what the store holds after the batch, for the notifications it knows). */
    public Collection<StoredNotification> all() {
        return List.copyOf(byId.values());
    }

    /** Applies what a decision changed, so that the next action is decided on it. */
    void apply(List<NotificationChange> changes) {
        for (NotificationChange change : changes) {
            if (change instanceof NotificationChange.Created created) {
                put(created.notification());
            } else if (change instanceof NotificationChange.Delivered delivered) {
                replace(delivered.notificationId(), n -> n.delivered(delivered.at(), delivered.actionId(), delivered.after()));
            } else if (change instanceof NotificationChange.Released released) {
                released.notificationIds().forEach(id -> replace(id, n -> n.delivered(released.at(), released.actionId(), released.after())));
            } else if (change instanceof NotificationChange.Read read) {
                read.notificationIds().forEach(id -> replace(id, n -> n.read(read.at(), read.actionId(), read.after())));
            }
        }
    }

    private void replace(String notificationId, UnaryOperator<StoredNotification> change) {
        StoredNotification current = byId.get(notificationId);
        if (current != null) {
            put(change.apply(current));
        }
    }

    private void put(StoredNotification notification) {
        byId.put(notification.id(), notification);
        if (notification.idempotencyKey() != null) {
            idByUserKey.put(userKey(notification.user(), notification.idempotencyKey()), notification.id());
        }
    }

    private static String userKey(String userId, String key) {
        return userId + "\u0000" + key;
    }
}
