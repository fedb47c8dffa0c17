package dev.switchboard.projector.notification;

import dev.switchboard.projector.auth.HonestActors;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationDelivered;
import dev.switchboard.events.notification.NotificationAction.NotificationRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.events.notification.NotificationUpdate.AllNotificationsMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.NotificationActionRejected;
import dev.switchboard.events.notification.NotificationUpdate.NotificationAlreadyExists;
import dev.switchboard.events.notification.NotificationUpdate.NotificationCreated;
import dev.switchboard.events.notification.NotificationUpdate.NotificationMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.PendingNotificationsReleased;
import dev.switchboard.events.notification.NotificationUpdate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notification rules, given a state, when an action is decided, then these updates and changes; no Kafka, no store. */
class NotificationDeciderTest {
    private static final String USER = "u1";
    private static final String OTHER = "u2";
    private static final Instant T1 = Instant.parse("2025-11-27T12:00:00.000Z");
    private static final Instant T2 = Instant.parse("2025-11-27T12:05:00.000Z");
    private static final Instant T3 = Instant.parse("2025-11-27T12:10:00.000Z");
    private static final Instant NOW = Instant.parse("2025-11-27T13:00:00.000Z");
    private static final String ACTION = "action-1";

    // --- given ---

    private static String id(int n) {
        return String.format("%024x", n);
    }

    private static Notification notification(String id, String user, Instant createdAt) {
        return new Notification(id, user, "payment", "title " + id, "message", Map.of("amount", 20), false, false, createdAt);
    }

    /** An unread, undelivered notification stored by an earlier batch. */
    private static StoredNotification stored(String id, String user, Instant createdAt) {
        return stored(id, user, createdAt, id);
    }

    private static StoredNotification stored(String id, String user, Instant createdAt, String key) {
        return new StoredNotification(notification(id, user, createdAt), key, "earlier-action-" + id, null, null, null, null);
    }

    private static NotificationState given(StoredNotification... notifications) {
        return NotificationState.of(List.of(notifications));
    }

    // --- when ---

    private static NotificationRequested request(String id, String user, String key) {
        return new NotificationRequested(id, user, "payment", "Paid", "We received 20 EUR", Map.of("amount", 20), key);
    }

    private static NotificationDecider.Decision when(NotificationState state, NotificationAction action) {
        return NotificationDecider.decide(state, HonestActors.of(action), action, ACTION, NOW);
    }

    /** Decides one after the other, each on the state the ones before left; returns the last decision. */
    private static NotificationDecider.Decision whenInOrder(NotificationState state, NotificationAction... actions) {
        NotificationDecider.Decision decision = null;
        for (int i = 0; i < actions.length; i++) {
            decision = NotificationDecider.decide(state, HonestActors.of(actions[i]), actions[i], "action-" + i, NOW);
            state.apply(decision.changes());
        }
        return decision;
    }

    private static Envelope<Event> recorded(NotificationAction action, Instant at) {
        return Envelope.newAction(action, HonestActors.of(action), action.userId(), at);
    }

    // --- then ---

    private static List<String> released(NotificationDecider.Decision decision) {
        return decision.updates().stream().flatMap(update -> ((PendingNotificationsReleased) update).notifications().stream())
                .map(Notification::id).toList();
    }

    private static ErrorCode refusal(NotificationDecider.Decision decision) {
        return ((NotificationActionRejected) decision.updates().get(0)).code();
    }

    // --- create-notification ---

    @Test
    void aValidRequestCreatesAnUnreadUndeliveredNotificationAtTheActionsTime() {
        NotificationDecider.Decision decision = when(given(), request(id(1), USER, "payment-42"));

        Notification created = new Notification(id(1), USER, "payment", "Paid", "We received 20 EUR", Map.of("amount", 20), false, false, NOW);
        assertEquals(List.of(new NotificationCreated(created)), decision.updates());
        assertEquals(List.of(new NotificationChange.Created(new StoredNotification(created, "payment-42", ACTION, null, null, null, null))),
                decision.changes());
    }

    @Test
    void aSecondRequestWithTheSameIdempotencyKeyAnswersTheOriginal() {
        StoredNotification original = stored(id(1), USER, T1, "payment-42");

        NotificationDecider.Decision decision = when(given(original), request(id(2), USER, "payment-42"));

        assertEquals(List.of(new NotificationAlreadyExists(original.notification())), decision.updates());
        assertEquals(List.of(), decision.changes());
    }

    @Test
    void aRequestWithoutAKeyIsDeduplicatedByItsOwnIdSoTheSameRequestRecordedAgainAnswersAsTheFirstTime() {
        StoredNotification first = stored(id(1), USER, T1);

        NotificationDecider.Decision decision = when(given(first), request(id(1), USER, null));

        assertEquals(List.of(new NotificationCreated(first.notification())), decision.updates());
        assertEquals(List.of(), decision.changes());
    }

    @Test
    void idempotencyKeysAreScopedToTheirUser() {
        NotificationDecider.Decision decision = when(given(stored(id(1), OTHER, T1, "payment-42")), request(id(2), USER, "payment-42"));

        assertTrue(decision.updates().get(0) instanceof NotificationCreated);
        assertEquals(1, decision.changes().size());
    }

    @Test
    void twoRequestsWithTheSameKeyInOneBatchCreateOneNotification() {
        NotificationDecider.Decision second = whenInOrder(given(), request(id(1), USER, "k"), request(id(2), USER, "k"));

        assertEquals(NotificationAlreadyExists.class, second.updates().get(0).getClass());
        assertEquals(id(1), ((NotificationAlreadyExists) second.updates().get(0)).original().id());
    }

    @Test
    void anInvalidRequestThatReachedTheLogIsABadRequestAndCreatesNothing() {
        NotificationDecider.Decision decision = when(given(), new NotificationRequested(id(1), USER, "payment", " ", "m", Map.of(), null));

        assertEquals(ErrorCode.BAD_REQUEST, refusal(decision));
        assertEquals("create-notification", ((NotificationActionRejected) decision.updates().get(0)).action());
        assertEquals(List.of(), decision.changes());
    }

    @Test
    void aRequestWhoseIdIsTakenIsAConflict() {
        NotificationDecider.Decision decision = when(given(stored(id(1), OTHER, T1, "other-key")), request(id(1), USER, "mine"));

        assertEquals(ErrorCode.CONFLICT, refusal(decision));
        assertEquals(List.of(), decision.changes());
    }

    // --- delivery and join-notifications ---

    @Test
    void joiningReleasesUndeliveredNotificationsOldestFirst() {
        NotificationState state = given(stored(id(3), USER, T3), stored(id(1), USER, T1), stored(id(2), USER, T2), stored(id(9), OTHER, T1));

        NotificationDecider.Decision decision = when(state, new NotificationsJoined(USER, "c1"));

        assertEquals(List.of(id(1), id(2), id(3)), released(decision));
        PendingNotificationsReleased update = (PendingNotificationsReleased) decision.updates().get(0);
        assertEquals("c1", update.connectionId());
        assertEquals(3, update.total());
        assertTrue(update.notifications().stream().allMatch(Notification::delivered));
        assertEquals(List.of(new NotificationChange.Released(List.of(id(1), id(2), id(3)), NOW, ACTION)), decision.changes());
    }

    @Test
    void notificationsCreatedAtTheSameTimeAreReleasedInIdOrder() {
        NotificationDecider.Decision decision = when(given(stored(id(2), USER, T1), stored(id(1), USER, T1)), new NotificationsJoined(USER, "c1"));

        assertEquals(List.of(id(1), id(2)), released(decision));
    }

    @Test
    void joiningWithNothingUndeliveredAnswersWithOneEmptyRelease() {
        NotificationDecider.Decision decision = when(given(), new NotificationsJoined(USER, "c1"));

        assertEquals(List.of(new PendingNotificationsReleased(USER, "c1", List.of(), 0)), decision.updates());
        assertEquals(List.of(), decision.changes());
    }

    @Test
    void aLongBacklogIsReleasedWholeAndInOrderInPartsThatFitARecord() {
        List<StoredNotification> backlog = new ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            backlog.add(stored(id(i), USER, T1.plusSeconds(i)));
        }

        NotificationDecider.Decision decision = when(NotificationState.of(backlog), new NotificationsJoined(USER, "c1"));

        assertEquals(3, decision.updates().size());
        assertTrue(decision.updates().stream().allMatch(update -> ((PendingNotificationsReleased) update).total() == 45));
        assertEquals(backlog.stream().map(StoredNotification::id).toList(), released(decision));
    }

    @Test
    void releasedNotificationsAreNotReleasedAgainOnTheNextJoin() {
        NotificationDecider.Decision again = whenInOrder(given(stored(id(1), USER, T1)),
                new NotificationsJoined(USER, "c1"), new NotificationsJoined(USER, "c2"));

        assertEquals(List.of(), released(again));
    }

    @Test
    void aNotificationCreatedEarlierInTheBatchIsReleasedByALaterJoinButNotByAnEarlierOne() {
        NotificationDecider.Decision before = whenInOrder(given(), new NotificationsJoined(USER, "c1"));
        NotificationDecider.Decision after = whenInOrder(given(), request(id(1), USER, null), new NotificationsJoined(USER, "c1"));

        assertEquals(List.of(), released(before));
        assertEquals(List.of(id(1)), released(after));
    }

    @Test
    void aGatewaysDeliveryReportMarksItDeliveredSoAJoinDoesNotReleaseItAgain() {
        NotificationState state = given(stored(id(1), USER, T1));

        NotificationDecider.Decision delivered = when(state, new NotificationDelivered(USER, id(1)));
        state.apply(delivered.changes());
        NotificationDecider.Decision joined = when(state, new NotificationsJoined(USER, "c1"));

        assertEquals(List.of(), delivered.updates());
        assertEquals(List.of(new NotificationChange.Delivered(id(1), NOW, ACTION)), delivered.changes());
        assertEquals(List.of(), released(joined));
    }

    @Test
    void aDeliveryReportForAnotherUsersAnUnknownOrAnAlreadyDeliveredNotificationChangesNothing() {
        NotificationState state = given(stored(id(1), OTHER, T1), stored(id(2), USER, T1).delivered(T2, "earlier-join", List.of()));

        assertEquals(List.of(), when(state, new NotificationDelivered(USER, id(1))).changes());
        assertEquals(List.of(), when(state, new NotificationDelivered(USER, id(7))).changes());
        assertEquals(List.of(), when(state, new NotificationDelivered(USER, "not-an-id")).changes());
        assertEquals(List.of(), when(state, new NotificationDelivered(USER, id(2))).changes());
    }

    // --- mark-notification-read and mark-all-notifications-read ---

    @Test
    void markingOwnNotificationReadTellsEveryDeviceAndStampsTheRead() {
        NotificationDecider.Decision decision = when(given(stored(id(1), USER, T1).delivered(T1, "earlier-join", List.of())),
                new NotificationRead(USER, id(1)));

        assertEquals(List.of(new NotificationMarkedRead(USER, id(1))), decision.updates());
        assertEquals(List.of(new NotificationChange.Read(List.of(id(1)), NOW, ACTION)), decision.changes());
    }

    @Test
    void readingANotificationNeverDeliveredDeliversItTooSoJoiningDoesNotPushItAsNew() {
        NotificationState state = given(stored(id(1), USER, T1));

        NotificationDecider.Decision read = when(state, new NotificationRead(USER, id(1)));

        assertEquals(List.of(new NotificationChange.Delivered(id(1), NOW, ACTION), new NotificationChange.Read(List.of(id(1)), NOW, ACTION)),
                read.changes());
        state.apply(read.changes());
        assertEquals(List.of(), when(state, new NotificationsJoined(USER, "connection-1")).changes(), "nothing left for join-notifications to push");
    }

    @Test
    void markingAnotherUsersNotificationIsForbidden() {
        NotificationDecider.Decision decision = when(given(stored(id(1), OTHER, T1)), new NotificationRead(USER, id(1)));

        assertEquals(ErrorCode.FORBIDDEN, refusal(decision));
        assertEquals("mark-notification-read", ((NotificationActionRejected) decision.updates().get(0)).action());
        assertEquals(List.of(), decision.changes());
    }

    @Test
    void markingAnUnknownNotificationIsNotFound() {
        assertEquals(ErrorCode.NOT_FOUND, refusal(when(given(), new NotificationRead(USER, id(1)))));
        assertEquals(ErrorCode.NOT_FOUND, refusal(when(given(), new NotificationRead(USER, "not-an-id"))));
    }

    @Test
    void markingANotificationReadTwiceAnswersTheSameAndKeepsTheFirstRead() {
        NotificationState state = given(stored(id(1), USER, T1).read(T2, "earlier-read", List.of()));

        NotificationDecider.Decision again = when(state, new NotificationRead(USER, id(1)));

        assertEquals(List.of(new NotificationMarkedRead(USER, id(1))), again.updates());
        assertEquals(List.of(), again.changes());
    }

    @Test
    void markingAllReadReadsEveryUnreadNotificationOfTheUserAndCountsThem() {
        NotificationState state = given(stored(id(1), USER, T1), stored(id(2), USER, T2).read(T2, "earlier-read", List.of()),
                stored(id(3), USER, T3), stored(id(4), OTHER, T1));

        NotificationDecider.Decision decision = when(state, new AllNotificationsRead(USER));

        assertEquals(List.of(new AllNotificationsMarkedRead(USER, 2)), decision.updates());
        assertEquals(List.of(new NotificationChange.Delivered(id(1), NOW, ACTION), new NotificationChange.Delivered(id(3), NOW, ACTION),
                new NotificationChange.Read(List.of(id(1), id(3)), NOW, ACTION)), decision.changes(), "never delivered before: the read delivers them");
    }

    @Test
    void markingAllReadWithNothingUnreadCountsZero() {
        NotificationDecider.Decision decision = when(given(), new AllNotificationsRead(USER));

        assertEquals(List.<NotificationUpdate>of(new AllNotificationsMarkedRead(USER, 0)), decision.updates());
        assertEquals(List.of(), decision.changes());
    }

    @Test
    void sameStateAndActionAlwaysDecideTheSame() {
        NotificationState state = given(stored(id(1), USER, T1), stored(id(2), USER, T2));

        assertEquals(when(state, new NotificationsJoined(USER, "c1")), when(state, new NotificationsJoined(USER, "c1")));
        assertEquals(when(state, new AllNotificationsRead(USER)), when(state, new AllNotificationsRead(USER)));
    }

    // --- re-runs ---

    @Test
    void aReRunBatchDecidesLikeTheFirstRunAlthoughTheStoreHoldsALaterActionsNotification() {
        // given: one notification from an earlier batch, and a batch where the join and the read-all come before a request
        StoredNotification earlier = stored(id(1), USER, T1);
        List<Envelope<Event>> batch = List.of(
                recorded(new NotificationsJoined(USER, "c1"), T2),
                recorded(request(id(2), USER, "payment-43"), T2),
                recorded(new AllNotificationsRead(USER), T2),
                recorded(request(id(3), USER, "payment-43"), T3),
                recorded(new NotificationsJoined(USER, "c2"), T3));
        NotificationProjection.Outcome firstRun = NotificationProjection.decideInOrder(given(earlier), batch);
        NotificationState afterFirstRun = given(earlier);
        afterFirstRun.apply(firstRun.changes());
        Set<String> batchIds = batch.stream().map(Envelope::id).collect(Collectors.toSet());

        // when: the batch is re-run on a store that holds all of its effects, the later request's notification among them
        NotificationState rerunState = NotificationState.beforeBatch(afterFirstRun.all(), batchIds);
        NotificationProjection.Outcome rerun = NotificationProjection.decideInOrder(rerunState, batch);

        // then: it saw the state before the batch, and decided and published exactly what the first run did
        assertEquals(Set.copyOf(given(earlier).all()), new HashSet<>(NotificationState.beforeBatch(afterFirstRun.all(), batchIds).all()));
        assertEquals(firstRun.updates(), rerun.updates());
        assertEquals(firstRun.changes(), rerun.changes());
        assertEquals(List.of(id(1)), ((PendingNotificationsReleased) firstRun.updates().get(0).payload()).notifications().stream()
                .map(Notification::id).toList(), "the first join came before the request");
        assertEquals(new AllNotificationsMarkedRead(USER, 2), firstRun.updates().get(2).payload());
        // and: deciding on the store as it is would have released the later notification to the first join
        NotificationProjection.Outcome naive = NotificationProjection.decideInOrder(NotificationState.of(afterFirstRun.all()), batch);
        assertNotEquals(firstRun.updates(), naive.updates());
    }

    @Test
    void aReRunSeesDeliveriesAndReadsMadeByItsOwnActionsAsNotYetMadeButKeepsEarlierOnes() {
        StoredNotification releasedByThisBatch = stored(id(1), USER, T1).delivered(T2, "this-join", List.of()).read(T3, "this-read-all", List.of());
        StoredNotification deliveredEarlier = stored(id(2), USER, T1).delivered(T1, "earlier-report", List.of()).read(T1, "earlier-read", List.of());
        StoredNotification createdByThisBatch = new StoredNotification(notification(id(3), USER, T2), id(3), "this-request", null, null, null, null);

        NotificationState before = NotificationState.beforeBatch(List.of(releasedByThisBatch, deliveredEarlier, createdByThisBatch),
                Set.of("this-join", "this-read-all", "this-request"));

        assertEquals(Set.of(stored(id(1), USER, T1), deliveredEarlier), Set.copyOf(before.all()));
    }

    @Test
    void aReRunOfAReadAllThatDeliveredAnEarlierNotificationDecidesTheSame() {
        NotificationState first = given(stored(id(1), USER, T1), stored(id(2), USER, T2));
        NotificationDecider.Decision readAll = when(first, new AllNotificationsRead(USER));
        first.apply(readAll.changes());

        // what the store holds after the first run, seen by the re-run of the batch that held the read-all
        NotificationState rerun = NotificationState.beforeBatch(first.all(), Set.of(ACTION));
        assertEquals(Set.of(stored(id(1), USER, T1), stored(id(2), USER, T2)), Set.copyOf(rerun.all()), "delivered and read by the batch: undone");
        assertEquals(readAll, when(rerun, new AllNotificationsRead(USER)));
    }
}
