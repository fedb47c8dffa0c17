package dev.switchboard.projector.notification;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.notification.NotificationAction.NotificationRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;

import java.util.List;
import java.util.Optional;

import static dev.switchboard.events.Refusal.refuse;

/**
 * The notification rules that refuse, each a named check returning a refusal or nothing; the first refusal of a list
 * wins. The request's own validation ({@link NotificationRequested#problems()}) is shared with the gateway and the
 * client library, which refuse an invalid request before it reaches the log; {@link #VALID_REQUEST} refuses one that
 * reached it anyway. Deduplication by idempotency key is not a refusal: the decider answers with the original.
 */
public final class NotificationRules {

    /** A check of a {@code create-notification} request against the notification already using its id, if any. */
    @FunctionalInterface
    public interface RequestRule {
        Optional<Refusal> check(NotificationRequested request, Optional<StoredNotification> sameId);
    }

    /** A check of a {@code mark-notification-read} against the notification it names, if it exists. */
    @FunctionalInterface
    public interface ReadRule {
        Optional<Refusal> check(NotificationRead read, Optional<StoredNotification> notification);
    }

    private NotificationRules() {
    }

    public static final RequestRule VALID_REQUEST = (request, sameId) -> {
        List<String> problems = request.problems();
        return problems.isEmpty() ? Optional.empty() : refuse(ErrorCode.BAD_REQUEST, String.join("; ", problems));
    };

    /** Asked after deduplication: a request whose key was used answers the original even if its id is taken too. */
    public static final RequestRule ID_UNUSED = (request, sameId) -> sameId.isPresent()
            ? refuse(ErrorCode.CONFLICT, "notification id already used") : Optional.empty();

    public static final ReadRule NOTIFICATION_EXISTS = (read, notification) -> notification.isEmpty()
            ? refuse(ErrorCode.NOT_FOUND, "no such notification") : Optional.empty();

    public static final ReadRule OWN_NOTIFICATION = (read, notification) -> notification.get().user().equals(read.userId())
            ? Optional.empty() : refuse(ErrorCode.FORBIDDEN, "not your notification");

    /** Before deduplication. */
    public static List<RequestRule> allRequestRules() {
        return List.of(VALID_REQUEST);
    }

    /** After deduplication, for a request that creates a notification. */
    public static List<RequestRule> allNewNotificationRules() {
        return List.of(ID_UNUSED);
    }

    public static List<ReadRule> allReadRules() {
        return List.of(NOTIFICATION_EXISTS, OWN_NOTIFICATION);
    }

    static Optional<Refusal> check(List<RequestRule> rules, NotificationRequested request, Optional<StoredNotification> sameId) {
        return Refusal.first(rules, rule -> rule.check(request, sameId));
    }

    static Optional<Refusal> checkRead(NotificationRead read, Optional<StoredNotification> notification) {
        return Refusal.first(allReadRules(), rule -> rule.check(read, notification));
    }
}
