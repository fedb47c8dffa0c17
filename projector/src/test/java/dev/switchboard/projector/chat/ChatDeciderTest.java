package dev.switchboard.projector.chat;

import dev.switchboard.projector.auth.HonestActors;
import dev.switchboard.readmodels.chat.ChatReadModel;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.events.chat.ChatUpdate.ChatActionRejected;
import dev.switchboard.events.chat.ChatUpdate.ChatAlreadyExists;
import dev.switchboard.events.chat.ChatUpdate.ChatCreated;
import dev.switchboard.events.chat.ChatUpdate.ChatStatusChanged;
import dev.switchboard.events.chat.ChatUpdate.MessageAlreadyPosted;
import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.chat.ChatUpdate.MessagesDelivered;
import dev.switchboard.events.chat.ChatUpdate.MessagesMarkedRead;
import dev.switchboard.events.chat.ChatUpdate;
import dev.switchboard.events.chat.Message;
import dev.switchboard.projector.chat.ChatDecider.Decision;
import dev.switchboard.projector.chat.ChatState.StoredMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat decisions in given (the actions that built the chat) / when (one action) / then (next state, updates) form,
 * without Kafka or a store; and re-runs: given the store as a first run of a batch left it, the state before the batch
 * ({@link ChatBatch#stateBefore}) decides the batch again exactly as the first run did.
 */
class ChatDeciderTest {
    private static final String CHAT = "chat-1";
    private static final String CLIENT = "client-1";
    private static final String PROVIDER = "provider-1";
    private static final Instant T0 = Instant.parse("2025-11-27T12:00:00.000Z");
    private static final Instant WHEN = Instant.parse("2025-11-27T13:00:00.000Z");
    private static final String WHEN_ID = "when-action";
    private static final boolean ONLINE = true;
    private static final boolean OFFLINE = false;

    // ---- actions

    private static ChatRequested opened() {
        return new ChatRequested(CHAT, CLIENT, "client", PROVIDER, "provider");
    }

    private static MessageSubmitted send(String sender, String messageId, boolean receiverOnline) {
        return send(sender, messageId, null, receiverOnline);
    }

    private static MessageSubmitted send(String sender, String messageId, String clientMessageId, boolean receiverOnline) {
        return new MessageSubmitted(messageId, CHAT, sender, CLIENT.equals(sender) ? "client" : "provider", "Name of " + sender, "https://p/" + sender + ".jpg",
                "text of " + messageId, "text", List.of(), clientMessageId, receiverOnline);
    }

    private static ChatJoined joined(String user) {
        return new ChatJoined(CHAT, user);
    }

    private static MessagesRead read(String user) {
        return new MessagesRead(CHAT, user);
    }

    private static ChatStatusRequested status(String user, String status) {
        return new ChatStatusRequested(CHAT, user, status, true);
    }

    // ---- given / when

    /** The chat the actions built, decided in order (ids {@code given-0..}, one second apart from T0). */
    private static ChatState given(ChatAction... history) {
        ChatState state = ChatState.absent(CHAT);
        for (int i = 0; i < history.length; i++) {
            state = ChatDecider.decide(state, HonestActors.of(history[i]), history[i], "given-" + i, T0.plusSeconds(i)).next();
        }
        return state;
    }

    private static Decision when(ChatState state, ChatAction action) {
        return ChatDecider.decide(state, HonestActors.of(action), action, WHEN_ID, WHEN);
    }

    private static StoredMessage stored(ChatState state, String messageId) {
        return state.message(messageId).orElseThrow(() -> new AssertionError("no message " + messageId));
    }

    private static ChatActionRejected rejection(Decision decision) {
        assertEquals(1, decision.updates().size(), decision.updates().toString());
        return (ChatActionRejected) decision.updates().get(0);
    }

    // ---- opening

    @Test
    void openingAChatCreatesItActiveBetweenTheRequesterAndTheParticipant() {
        Decision decision = when(ChatState.absent(CHAT), opened());

        Chat chat = new Chat(CHAT, List.of(CLIENT, PROVIDER), Chat.ACTIVE, null, WHEN, List.of());
        assertEquals(List.of(new ChatCreated(chat)), decision.updates());
        assertEquals(chat, decision.next().chat());
        assertEquals(Map.of(CLIENT, "client", PROVIDER, "provider"), decision.next().head().roles());
        assertEquals(0, decision.next().head().messageCount());
        assertEquals(WHEN_ID, decision.next().head().createdBy());
    }

    @Test
    void aParticipantWhoseRoleIsUnknownIsNotFound() {
        Decision decision = when(ChatState.absent(CHAT), new ChatRequested(CHAT, CLIENT, "client", PROVIDER, null));

        assertEquals(ErrorCode.NOT_FOUND, rejection(decision).code());
        assertFalse(decision.next().exists());
    }

    @Test
    void aParticipantWhoConnectsWithAnotherRoleThanTheChatKnowsCannotSend() {
        ChatState chat = given(opened());
        MessageSubmitted asClient = new MessageSubmitted("m1", CHAT, PROVIDER, "client", "n", null, "hi", "text", List.of(), null, true);

        Decision decision = when(chat, asClient);

        assertEquals(new ChatActionRejected("send-message", ErrorCode.RULE_VIOLATION, "a chat is between one client and one provider: you are its provider"),
                rejection(decision));
        assertEquals(0, decision.next().head().messageCount());
    }

    @Test
    void openingAnExistingChatAnswersItAsItIs() {
        ChatState chat = given(opened(), send(CLIENT, "m1", OFFLINE));

        Decision decision = when(chat, new ChatRequested(CHAT, PROVIDER, "provider", CLIENT, "client"));

        assertEquals(List.of(new ChatAlreadyExists(chat.chat())), decision.updates());
        assertEquals("m1", chat.chat().lastMessage().id());
        assertSame(chat, decision.next());
    }

    @Test
    void twoClientsCannotOpenAChat() {
        Decision decision = when(ChatState.absent(CHAT), new ChatRequested(CHAT, CLIENT, "client", "client-2", "client"));

        assertEquals(new ChatActionRejected("open-chat", ErrorCode.RULE_VIOLATION, "a chat is between one client and one provider"), rejection(decision));
        assertFalse(decision.next().exists());
    }

    // ---- sending

    @Test
    void aMessageWhoseTimeIsBeforeTheChatsLastMessageIsDatedAsThatOneSoHistoryStaysInTimeOrder() {
        ChatState chat = given(opened(), send(CLIENT, "m1", ONLINE)); // m1 at T0 + 1 s
        MessageSubmitted late = send(PROVIDER, "m2", ONLINE);

        Decision decision = ChatDecider.decide(chat, HonestActors.of(late), late, "late", T0.plusMillis(400));

        Message m2 = ((MessagePosted) decision.updates().get(0)).message();
        assertEquals(T0.plusSeconds(1), m2.createdAt());
        assertEquals(T0.plusSeconds(1), m2.deliveredAt());
        assertEquals(WHEN, ((MessagePosted) when(chat, send(PROVIDER, "m3", ONLINE)).updates().get(0)).message().createdAt(), "a later time is kept");
    }

    @Test
    void aSentMessageGoesToTheOtherParticipantWithTheSendersProfile() {
        ChatState chat = given(opened());

        Decision decision = when(chat, send(CLIENT, "m1", OFFLINE));

        Message message = new Message("m1", CHAT, new Message.Sender(CLIENT, "Name of " + CLIENT, "https://p/" + CLIENT + ".jpg", "client"),
                PROVIDER, "text of m1", "text", List.of(), null, false, null, false, null, WHEN);
        assertEquals(List.of(new MessagePosted(message)), decision.updates());
        assertEquals(new StoredMessage(message, 1, null, null), stored(decision.next(), "m1"));
    }

    @Test
    void messagesAreNumberedInLogOrder() {
        ChatState chat = given(opened(), send(CLIENT, "m1", OFFLINE), send(PROVIDER, "m2", ONLINE));

        Decision decision = when(chat, send(CLIENT, "m3", OFFLINE));

        assertEquals(List.of(1L, 2L, 3L), decision.next().messages().stream().map(StoredMessage::seq).toList());
        assertEquals(3, decision.next().head().messageCount());
    }

    @Test
    void aMessageToAConnectedReceiverIsDeliveredAtSendTime() {
        Decision decision = when(given(opened()), send(CLIENT, "m1", ONLINE));

        Message message = ((MessagePosted) decision.updates().get(0)).message();
        assertTrue(message.delivered());
        assertEquals(WHEN, message.deliveredAt());
        assertNull(stored(decision.next(), "m1").deliveredBy(), "delivered by no action");
    }

    @Test
    void aMessageToAnOfflineReceiverIsNotDelivered() {
        Decision decision = when(given(opened()), send(CLIENT, "m1", OFFLINE));

        Message message = ((MessagePosted) decision.updates().get(0)).message();
        assertFalse(message.delivered());
        assertNull(message.deliveredAt());
    }

    @Test
    void aSentMessageBecomesTheChatsLastMessage() {
        Decision decision = when(given(opened(), send(CLIENT, "m1", OFFLINE)), send(PROVIDER, "m2", OFFLINE));

        assertEquals("m2", decision.next().chat().lastMessage().id());
    }

    @Test
    void aResendWithAKnownClientMessageIdAnswersTheOriginal() {
        ChatState chat = given(opened(), send(CLIENT, "m1", "local-1", OFFLINE));

        Decision decision = when(chat, send(CLIENT, "m2", "local-1", OFFLINE));

        assertEquals(List.of(new MessageAlreadyPosted(stored(chat, "m1").message())), decision.updates());
        assertSame(chat, decision.next(), "nothing stored");
    }

    @Test
    void aResendIsAnsweredWithTheOriginalEvenAfterTheChatWasBlocked() {
        ChatState chat = given(opened(), send(CLIENT, "m1", "local-1", OFFLINE), status(PROVIDER, Chat.BLOCKED));

        Decision decision = when(chat, send(CLIENT, "m2", "local-1", OFFLINE));

        assertEquals(List.of(new MessageAlreadyPosted(stored(chat, "m1").message())), decision.updates());
    }

    @Test
    void theSameClientMessageIdFromTheOtherParticipantIsANewMessage() {
        ChatState chat = given(opened(), send(CLIENT, "m1", "local-1", OFFLINE));

        Decision decision = when(chat, send(PROVIDER, "m2", "local-1", OFFLINE));

        assertTrue(decision.updates().get(0) instanceof MessagePosted);
        assertEquals(2, stored(decision.next(), "m2").seq());
    }

    @Test
    void aBlockedChatRefusesSends() {
        ChatState chat = given(opened(), status(PROVIDER, Chat.BLOCKED));

        Decision decision = when(chat, send(CLIENT, "m1", OFFLINE));

        assertEquals(ErrorCode.RULE_VIOLATION, rejection(decision).code());
        assertEquals("send-message", rejection(decision).action());
        assertSame(chat, decision.next(), "nothing stored");
    }

    @Test
    void aClosedChatRefusesSends() {
        Decision decision = when(given(opened(), status(CLIENT, Chat.CLOSED)), send(PROVIDER, "m1", OFFLINE));

        assertEquals(ErrorCode.RULE_VIOLATION, rejection(decision).code());
    }

    @Test
    void aSendToAMissingChatIsNotFound() {
        Decision decision = when(ChatState.absent(CHAT), send(CLIENT, "m1", OFFLINE));

        assertEquals(ErrorCode.NOT_FOUND, rejection(decision).code());
        assertFalse(decision.next().exists());
    }

    @Test
    void aSendFromAnOutsiderIsForbidden() {
        Decision decision = when(given(opened()), send("stranger", "m1", OFFLINE));

        assertEquals(ErrorCode.FORBIDDEN, rejection(decision).code());
        assertEquals(0, decision.next().head().messageCount());
    }

    @Test
    void aMalformedSendIsRefusedBeforeTheChatIsLookedAt() {
        MessageSubmitted tooLong = new MessageSubmitted("m1", CHAT, CLIENT, "client", "n", null, "x".repeat(5001), "text", List.of(), null, false);

        assertEquals(ErrorCode.BAD_REQUEST, rejection(when(ChatState.absent(CHAT), tooLong)).code(), "the first refusal wins");
    }

    // ---- joining

    @Test
    void joiningMarksTheJoinersUndeliveredIncomingMessagesDelivered() {
        ChatState chat = given(opened(), send(CLIENT, "m1", OFFLINE), send(CLIENT, "m2", ONLINE), send(CLIENT, "m3", OFFLINE));

        Decision decision = when(chat, joined(PROVIDER));

        assertEquals(List.of(new MessagesDelivered(CHAT, PROVIDER, List.of("m1", "m3"), 2)), decision.updates());
        StoredMessage m1 = stored(decision.next(), "m1");
        assertTrue(m1.message().delivered());
        assertEquals(WHEN, m1.message().deliveredAt());
        assertEquals(WHEN_ID, m1.deliveredBy());
        assertEquals(stored(chat, "m2"), stored(decision.next(), "m2"), "delivered at send, untouched");
    }

    @Test
    void joiningLeavesTheJoinersOwnMessagesAlone() {
        ChatState chat = given(opened(), send(CLIENT, "m1", OFFLINE));

        Decision decision = when(chat, joined(CLIENT));

        assertEquals(List.of(new MessagesDelivered(CHAT, CLIENT, List.of(), 0)), decision.updates());
        assertEquals(chat, decision.next());
    }

    @Test
    void joiningTwiceDeliversNothingTheSecondTime() {
        ChatState chat = given(opened(), send(CLIENT, "m1", OFFLINE), joined(PROVIDER));

        Decision decision = when(chat, joined(PROVIDER));

        assertEquals(List.of(new MessagesDelivered(CHAT, PROVIDER, List.of(), 0)), decision.updates());
        assertEquals("given-2", stored(decision.next(), "m1").deliveredBy(), "still delivered by the first join");
    }

    @Test
    void joiningShowsTheChatsLastMessageDelivered() {
        Decision decision = when(given(opened(), send(CLIENT, "m1", OFFLINE)), joined(PROVIDER));

        assertTrue(decision.next().chat().lastMessage().delivered());
        assertEquals(WHEN, decision.next().chat().lastMessage().deliveredAt());
    }

    @Test
    void aLongDeliveryBacklogGoesOutInParts() {
        List<ChatAction> history = new ArrayList<>(List.of(opened()));
        for (int i = 0; i < MessagesDelivered.MAX_IDS + 1; i++) {
            history.add(send(CLIENT, "m" + i, OFFLINE));
        }
        ChatState chat = given(history.toArray(ChatAction[]::new));

        Decision decision = when(chat, joined(PROVIDER));

        assertEquals(2, decision.updates().size());
        MessagesDelivered first = (MessagesDelivered) decision.updates().get(0);
        MessagesDelivered second = (MessagesDelivered) decision.updates().get(1);
        assertEquals(MessagesDelivered.MAX_IDS, first.messageIds().size());
        assertEquals(List.of("m" + MessagesDelivered.MAX_IDS), second.messageIds());
        assertEquals(MessagesDelivered.MAX_IDS + 1, second.total());
    }

    @Test
    void onlyParticipantsJoin() {
        Decision decision = when(given(opened(), send(CLIENT, "m1", OFFLINE)), joined("stranger"));

        assertEquals(new ChatActionRejected("join-chat", ErrorCode.FORBIDDEN, "you are not a participant of this chat"), rejection(decision));
    }

    @Test
    void joiningAMissingChatIsNotFound() {
        assertEquals(new ChatActionRejected("join-chat", ErrorCode.NOT_FOUND, "no such chat"), rejection(when(ChatState.absent(CHAT), joined(PROVIDER))));
    }

    // ---- reading

    @Test
    void markingReadMarksTheReadersUnreadIncomingMessagesReadAndCountsThem() {
        ChatState chat = given(opened(), send(CLIENT, "m1", ONLINE), send(PROVIDER, "m2", ONLINE), send(CLIENT, "m3", OFFLINE));

        Decision decision = when(chat, read(PROVIDER));

        assertEquals(new MessagesMarkedRead(CHAT, PROVIDER, CLIENT, 2), decision.updates().get(decision.updates().size() - 1));
        StoredMessage m3 = stored(decision.next(), "m3");
        assertTrue(m3.message().isRead());
        assertEquals(WHEN, m3.message().readAt());
        assertEquals(WHEN_ID, m3.readBy());
        assertFalse(stored(decision.next(), "m2").message().isRead(), "the reader's own message");
        assertTrue(decision.next().chat().lastMessage().isRead(), "the chat's last message shows it read");
    }

    @Test
    void readingMessagesNotYetDeliveredDeliversThemAtTheSameTimeAndReportsThatFirst() {
        ChatState chat = given(opened(), send(CLIENT, "m1", ONLINE), send(CLIENT, "m2", OFFLINE), send(CLIENT, "m3", OFFLINE));

        Decision decision = when(chat, read(PROVIDER));

        assertEquals(List.of(new MessagesDelivered(CHAT, PROVIDER, List.of("m2", "m3"), 2), new MessagesMarkedRead(CHAT, PROVIDER, CLIENT, 3)),
                decision.updates());
        StoredMessage m2 = stored(decision.next(), "m2");
        assertTrue(m2.message().delivered());
        assertEquals(WHEN, m2.message().deliveredAt());
        assertEquals(WHEN, m2.message().readAt());
        assertEquals(WHEN_ID, m2.deliveredBy());
        StoredMessage m1 = stored(decision.next(), "m1");
        assertNull(m1.deliveredBy(), "delivered when sent, as before");
        assertEquals(T0.plusSeconds(1), m1.message().deliveredAt());
    }

    @Test
    void aDeliveryOrReadTimedBeforeTheMessageWasCreatedIsDatedAtItsCreation() {
        ChatState chat = given(opened(), send(CLIENT, "m1", OFFLINE)); // m1 created at T0 + 1 s
        ChatJoined join = joined(PROVIDER);

        StoredMessage delivered = stored(ChatDecider.decide(chat, HonestActors.of(join), join, "early-join", T0).next(), "m1");
        assertEquals(T0.plusSeconds(1), delivered.message().deliveredAt());

        MessagesRead read = read(PROVIDER);
        ChatState deliveredLater = given(opened(), send(CLIENT, "m1", OFFLINE), joined(PROVIDER)); // delivered at T0 + 2 s
        StoredMessage readEarly = stored(ChatDecider.decide(deliveredLater, HonestActors.of(read), read, "early-read", T0.plusSeconds(1)).next(), "m1");
        assertEquals(T0.plusSeconds(2), readEarly.message().readAt(), "never read before it was delivered");
    }

    @Test
    void aRerunOfAReadThatDeliveredDeliversAndReadsTheSame() {
        ChatState beforeBatch = given(opened(), send(CLIENT, "m1", OFFLINE), send(CLIENT, "m2", OFFLINE));
        List<Envelope<Event>> batch = batch(read(PROVIDER), send(CLIENT, "m3", OFFLINE));
        Run first = run(beforeBatch, batch);
        assertEquals(new MessagesDelivered(CHAT, PROVIDER, List.of("m1", "m2"), 2), first.updates().get(0));

        Run again = rerun(batch, first.state().head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
        assertSameEffects(first, again);
    }

    @Test
    void joiningAfterReadingDeliversNothingMore() {
        Decision decision = when(given(opened(), send(CLIENT, "m1", OFFLINE), read(PROVIDER)), joined(PROVIDER));

        assertEquals(List.of(new MessagesDelivered(CHAT, PROVIDER, List.of(), 0)), decision.updates());
        StoredMessage m1 = stored(decision.next(), "m1");
        assertEquals("given-2", m1.deliveredBy());
        assertEquals(m1.message().readAt(), m1.message().deliveredAt(), "not delivered after it was read");
    }

    @Test
    void markingReadTwiceCountsNothingTheSecondTime() {
        Decision decision = when(given(opened(), send(CLIENT, "m1", ONLINE), read(PROVIDER)), read(PROVIDER));

        assertEquals(List.of(new MessagesMarkedRead(CHAT, PROVIDER, CLIENT, 0)), decision.updates());
    }

    @Test
    void onlyParticipantsMarkRead() {
        assertEquals(ErrorCode.FORBIDDEN, rejection(when(given(opened()), read("stranger"))).code());
        assertEquals(ErrorCode.NOT_FOUND, rejection(when(ChatState.absent(CHAT), read(PROVIDER))).code());
    }

    // ---- status

    @Test
    void aParticipantBlocksAndUnblocksAChat() {
        Decision blocked = when(given(opened()), status(PROVIDER, Chat.BLOCKED));
        assertEquals(Chat.BLOCKED, blocked.next().chat().status());
        assertEquals(List.of(new ChatStatusChanged(blocked.next().chat(), PROVIDER)), blocked.updates());

        Decision unblocked = when(blocked.next(), status(PROVIDER, Chat.ACTIVE));
        assertEquals(Chat.ACTIVE, unblocked.next().chat().status());
    }

    @Test
    void onlyTheBlockerLiftsTheirBlock() {
        ChatState blocked = given(opened(), status(PROVIDER, Chat.BLOCKED));
        assertEquals(List.of(PROVIDER), blocked.chat().blockedBy());

        assertEquals(new ChatActionRejected("change-chat-status", ErrorCode.FORBIDDEN, "only the participant who blocked this chat can unblock it"),
                rejection(when(blocked, status(CLIENT, Chat.ACTIVE))));
        Decision lifted = when(blocked, status(PROVIDER, Chat.ACTIVE));
        assertEquals(Chat.ACTIVE, lifted.next().chat().status());
        assertEquals(List.of(), lifted.next().chat().blockedBy());
    }

    @Test
    void aChatBlockedByBothStaysBlockedUntilBothLiftTheirBlocks() {
        ChatState both = given(opened(), status(PROVIDER, Chat.BLOCKED), status(CLIENT, Chat.BLOCKED));
        assertEquals(List.of(PROVIDER, CLIENT), both.chat().blockedBy());

        Decision oneLifted = when(both, status(PROVIDER, Chat.ACTIVE));
        assertEquals(Chat.BLOCKED, oneLifted.next().chat().status(), "the client's block stands");
        assertEquals(List.of(CLIENT), oneLifted.next().chat().blockedBy());
        assertEquals(ErrorCode.RULE_VIOLATION, rejection(when(oneLifted.next(), send(PROVIDER, "m1", ONLINE))).code());
        assertEquals(Chat.ACTIVE, when(oneLifted.next(), status(CLIENT, Chat.ACTIVE)).next().chat().status());
    }

    @Test
    void aVersion1BlockIsNobodysOwnSoEitherParticipantLiftsItAsBeforeTheUpgrade() {
        ChatState blocked = given(opened(), new ChatStatusRequested(CHAT, PROVIDER, Chat.BLOCKED, false));
        assertEquals(Chat.BLOCKED, blocked.chat().status());
        assertEquals(List.of(), blocked.chat().blockedBy());

        assertEquals(Chat.ACTIVE, when(blocked, status(CLIENT, Chat.ACTIVE)).next().chat().status(), "a v2 unblock after the upgrade");
        ChatState ownBlocks = given(opened(), status(PROVIDER, Chat.BLOCKED), status(CLIENT, Chat.BLOCKED));
        Decision v1Unblock = when(ownBlocks, new ChatStatusRequested(CHAT, CLIENT, Chat.ACTIVE, false));
        assertEquals(Chat.ACTIVE, v1Unblock.next().chat().status(), "a v1 unblock lifted every block");
        assertEquals(List.of(), v1Unblock.next().chat().blockedBy());
    }

    @Test
    void aClosedChatStaysClosed() {
        Decision decision = when(given(opened(), status(CLIENT, Chat.CLOSED)), status(CLIENT, Chat.ACTIVE));

        assertEquals(new ChatActionRejected("change-chat-status", ErrorCode.RULE_VIOLATION, "a closed chat stays closed"), rejection(decision));
    }

    @Test
    void onlyParticipantsChangeTheStatusToAKnownOne() {
        assertEquals(ErrorCode.FORBIDDEN, rejection(when(given(opened()), status("stranger", Chat.BLOCKED))).code());
        assertEquals(ErrorCode.BAD_REQUEST, rejection(when(given(opened()), status(CLIENT, "archived"))).code());
    }

    @Test
    void sameStateAndActionAlwaysDecideTheSame() {
        ChatState chat = given(opened(), send(CLIENT, "m1", OFFLINE));

        assertEquals(when(chat, joined(PROVIDER)), when(chat, joined(PROVIDER)));
    }

    // ---- re-runs: the state before the batch, whatever of its effects the store already holds

    private record Run(ChatState state, List<ChatUpdate> updates) {
    }

    private static Envelope<Event> action(String id, ChatAction payload, int second) {
        return new Envelope<>(id, EventTypes.nameOf(payload), EventTypes.versionOf(payload), WHEN.plusSeconds(second), HonestActors.of(payload), CHAT, id, payload);
    }

    private static List<Envelope<Event>> batch(ChatAction... actions) {
        List<Envelope<Event>> batch = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) {
            batch.add(action("batch-" + i, actions[i], i));
        }
        return batch;
    }

    private static Run run(ChatState start, List<Envelope<Event>> batch) {
        ChatState state = start;
        List<ChatUpdate> updates = new ArrayList<>();
        for (Envelope<Event> action : batch) {
            Decision decision = ChatDecider.decide(state, action.actor(), (ChatAction) action.payload(), action.id(), action.occurredAt());
            state = decision.next();
            updates.addAll(decision.updates());
        }
        return new Run(state, updates);
    }

    /**
     * Re-runs the batch from what the store holds after its first run: {@code head} stored, and the messages the
     * loading queries find among {@code stored} (the joiners' / readers' unsettled or marked by the batch, the originals
     * of its client ids).
     */
    private static Run rerun(List<Envelope<Event>> batch, ChatState.Head head, List<StoredMessage> stored) {
        ChatBatch chatBatch = ChatBatch.of(batch);
        Predicate<StoredMessage> found = m -> chatBatch.joins().entrySet().stream().anyMatch(j -> j.getKey().userId().equals(m.message().receiver())
                        && (!m.message().delivered() || j.getValue().contains(m.deliveredBy())))
                || chatBatch.reads().entrySet().stream().anyMatch(r -> r.getKey().userId().equals(m.message().receiver())
                        && (!m.message().isRead() || r.getValue().contains(m.readBy())))
                || (m.message().clientMessageId() != null && chatBatch.clientKeys().contains(
                        ChatReadModel.clientKey(m.message().sender().id(), m.message().chat(), m.message().clientMessageId())));
        Optional<StoredMessage> lastBefore = chatBatch.postedLastMessageOf(head)
                ? stored.stream().filter(m -> !chatBatch.postedIds().contains(m.id())).max(Comparator.comparingLong(StoredMessage::seq))
                : Optional.empty();
        ChatState before = chatBatch.stateBefore(CHAT, head, stored.stream().filter(found).toList(), lastBefore);
        return run(before, batch);
    }

    /** The same head, and every message the re-run knows as the first run left it (the first run may know more: its given). */
    private static void assertSameEffects(Run first, Run again) {
        assertEquals(first.state().head(), again.state().head());
        again.state().messages().forEach(message -> assertEquals(stored(first.state(), message.id()), message));
    }

    @Test
    void aBatchHoldingAnActionOfTheHeadsLastWriteStartsFromTheHeadThatWriteFound() {
        ChatState beforeBatch = given(opened(), send(CLIENT, "m1", OFFLINE));
        List<Envelope<Event>> firstRun = batch(send(CLIENT, "m2", OFFLINE), status(PROVIDER, Chat.BLOCKED));
        Run first = run(beforeBatch, firstRun);
        ChatState.StoredHead stored = new ChatState.StoredHead(first.state().head(),
                new ChatState.LastWrite(firstRun.stream().map(Envelope::id).toList(), beforeBatch.head()));

        // cut shorter after a crash: the stored head holds the block, which this batch does not have yet
        ChatBatch shorter = ChatBatch.of(firstRun.subList(0, 1));
        assertEquals(beforeBatch.head(), shorter.startingHead(stored));
        // the next batch's actions were not in that write: it goes on from the stored head
        ChatBatch next = ChatBatch.of(List.of(action("next", read(PROVIDER), 9)));
        assertEquals(first.state().head(), next.startingHead(stored));
        assertNull(ChatBatch.of(firstRun).startingHead(new ChatState.StoredHead(first.state().head(),
                new ChatState.LastWrite(firstRun.stream().map(Envelope::id).toList(), null))), "the write opened the chat");
    }

    @Test
    void aRerunDoesNotDeliverAMessageThatALaterSendOfTheBatchStored() {
        ChatState beforeBatch = given(opened(), send(CLIENT, "m1", OFFLINE));
        List<Envelope<Event>> batch = batch(joined(PROVIDER), send(CLIENT, "m2", OFFLINE));
        Run first = run(beforeBatch, batch);
        assertEquals(new MessagesDelivered(CHAT, PROVIDER, List.of("m1"), 1), first.updates().get(0));

        // the first run stored m2 (undelivered) and marked m1, but its head write did not go through
        Run again = rerun(batch, beforeBatch.head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
        assertSameEffects(first, again);
    }

    @Test
    void aRerunWhoseHeadWriteWentThroughNumbersFromTheCountBeforeTheBatch() {
        ChatState beforeBatch = given(opened(), send(CLIENT, "m1", OFFLINE), send(PROVIDER, "m2", OFFLINE));
        List<Envelope<Event>> batch = batch(send(CLIENT, "m3", OFFLINE), joined(PROVIDER), send(CLIENT, "m4", OFFLINE));
        Run first = run(beforeBatch, batch);

        // everything of the first run is stored: head (count 4, last message m4), messages, marks
        Run again = rerun(batch, first.state().head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
        assertSameEffects(first, again);
        assertEquals(List.of(3L, 4L), List.of(stored(again.state(), "m3").seq(), stored(again.state(), "m4").seq()));
    }

    @Test
    void aRerunReadsOnlyWhatWasUnreadBeforeTheBatch() {
        ChatState beforeBatch = given(opened(), send(CLIENT, "m1", ONLINE));
        List<Envelope<Event>> batch = batch(read(PROVIDER), send(CLIENT, "m2", ONLINE));
        Run first = run(beforeBatch, batch);
        assertEquals(new MessagesMarkedRead(CHAT, PROVIDER, CLIENT, 1), first.updates().get(0));

        Run again = rerun(batch, first.state().head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
        assertSameEffects(first, again);
    }

    @Test
    void aRerunSeesTheChatsLastMessageAsItWasBeforeTheBatch() {
        ChatState beforeBatch = given(opened(), send(CLIENT, "m1", OFFLINE));
        List<Envelope<Event>> batch = batch(joined(PROVIDER), status(PROVIDER, Chat.BLOCKED), status(PROVIDER, Chat.ACTIVE), send(CLIENT, "m2", OFFLINE));
        Run first = run(beforeBatch, batch);
        assertTrue(((ChatStatusChanged) first.updates().get(1)).chat().lastMessage().delivered(), "m1, delivered by the join");

        Run again = rerun(batch, first.state().head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
    }

    @Test
    void aRerunOpensTheChatItOpenedTheFirstTime() {
        List<Envelope<Event>> batch = batch(opened(), send(CLIENT, "m1", OFFLINE));
        Run first = run(ChatState.absent(CHAT), batch);
        assertTrue(first.updates().get(0) instanceof ChatCreated);

        Run again = rerun(batch, first.state().head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
        assertSameEffects(first, again);
    }

    @Test
    void aRerunSeesTheStatusAsItWasBeforeTheBatch() {
        ChatState beforeBatch = given(opened());
        List<Envelope<Event>> batch = batch(send(CLIENT, "m1", OFFLINE), status(PROVIDER, Chat.BLOCKED), send(CLIENT, "m2", OFFLINE));
        Run first = run(beforeBatch, batch);
        assertTrue(first.updates().get(0) instanceof MessagePosted);
        assertEquals(ErrorCode.RULE_VIOLATION, ((ChatActionRejected) first.updates().get(2)).code());

        Run again = rerun(batch, first.state().head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
        assertSameEffects(first, again);
    }

    @Test
    void aRerunSeesTheBlockersAsTheyWereBeforeTheBatch() {
        ChatState beforeBatch = given(opened(), status(CLIENT, Chat.BLOCKED));
        List<Envelope<Event>> batch = batch(status(PROVIDER, Chat.BLOCKED), status(CLIENT, Chat.ACTIVE), status(PROVIDER, Chat.ACTIVE),
                send(CLIENT, "m1", OFFLINE));
        Run first = run(beforeBatch, batch);
        assertTrue(first.updates().get(3) instanceof MessagePosted);

        Run again = rerun(batch, first.state().head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
        assertSameEffects(first, again);
    }

    @Test
    void aRerunSendIsNotAnsweredWithItsOwnStoredMessageAsAResend() {
        ChatState beforeBatch = given(opened());
        List<Envelope<Event>> batch = batch(send(CLIENT, "m1", "local-1", OFFLINE), send(CLIENT, "m2", "local-1", OFFLINE));
        Run first = run(beforeBatch, batch);
        assertTrue(first.updates().get(0) instanceof MessagePosted);
        assertTrue(first.updates().get(1) instanceof MessageAlreadyPosted);

        Run again = rerun(batch, beforeBatch.head(), first.state().messages());

        assertEquals(first.updates(), again.updates());
    }

    @Test
    void aRerunWithTheMessagesStoredButNotTheHeadNumbersFromTheStoredCount() {
        ChatState beforeBatch = given(opened(), send(CLIENT, "m1", OFFLINE));
        List<Envelope<Event>> batch = batch(send(CLIENT, "m2", OFFLINE), send(PROVIDER, "m3", OFFLINE));
        Run first = run(beforeBatch, batch);

        Run again = rerun(batch, beforeBatch.head(), first.state().messages());

        assertSameEffects(first, again);
    }
}
