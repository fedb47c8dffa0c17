package dev.switchboard.projector.chat;

import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.Times;
import dev.switchboard.events.Actor;
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
import dev.switchboard.projector.auth.EnvelopeActor;
import dev.switchboard.projector.chat.ChatState.Head;
import dev.switchboard.projector.chat.ChatState.StoredMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chat decisions as a pure function (chat state, action, action id, time) → (next state, updates); the rules are
 * {@link ChatRules}'. Time is the action's recorded time and marks carry the action's id, so a replay decides the same.
 *
 * <ul>
 *   <li>{@code open-chat}: a new chat between one client and one provider, or the existing one.</li>
 *   <li>{@code send-message}: a resend (same sender, chat and {@code clientMessageId}) is answered with the original
 *       before any rule; otherwise the send rules decide, and a message takes number {@code messageCount + 1}, delivered
 *       if the receiver was connected when it was recorded.</li>
 *   <li>{@code join-chat}: the joiner's undelivered incoming messages become delivered by this action, reported in
 *       order (in parts when long).</li>
 *   <li>{@code mark-messages-read}: the reader's unread incoming messages become read by this action, counted; those
 *       not yet delivered become delivered by it too, at the same time, reported first.</li>
 *   <li>status: a participant blocks, lifts their own block, or closes the chat; closed is final.</li>
 * </ul>
 */
public final class ChatDecider implements ChatAction.Handler<ChatDecider.Decision> {

    public record Decision(ChatState next, List<ChatUpdate> updates) {
        public Decision {
            updates = List.copyOf(updates);
        }
    }

    private final ChatState state;
    private final String actionId;
    private final Instant at;

    /** A decider for one action: its chat's state, the action's id and its recorded time. */
    private ChatDecider(ChatState state, String actionId, Instant at) {
        this.state = state;
        this.actionId = actionId;
        this.at = at;
    }

    /** {@code actor} is the action's envelope's: a payload that names another acting user is refused ({@link EnvelopeActor}). */
    public static Decision decide(ChatState state, Actor actor, ChatAction action, String actionId, Instant at) {
        Optional<Refusal> forged = EnvelopeActor.check(actor, action);
        if (forged.isPresent()) {
            return rejected(state, EventTypes.nameOf(action), forged.get());
        }
        return action.handledBy(new ChatDecider(state, actionId, at));
    }

    @Override
    public Decision send(MessageSubmitted m) {
        // a resend is answered with the original before any rule, so a retry after e.g. a TIMEOUT is not refused
        // because the chat was blocked in between
        if (m.clientMessageId() != null) {
            Optional<StoredMessage> original = state.messages().stream()
                    .filter(known -> known.message().sender().id().equals(m.senderId()) && m.clientMessageId().equals(known.message().clientMessageId()))
                    .findFirst();
            if (original.isPresent()) {
                return new Decision(state, List.of(new MessageAlreadyPosted(original.get().message())));
            }
        }
        Optional<Refusal> refusal = ChatRules.checkSend(state.head(), m);
        if (refusal.isPresent()) {
            return rejected(state, "send-message", refusal.get());
        }
        Chat chat = state.chat();
        // two senders' times are taken on their gateways before the log orders them: history in log order is in time order too
        Instant postedAt = Times.notBefore(at, chat.lastMessage() == null ? null : chat.lastMessage().createdAt());
        Message message = new Message(m.messageId(), m.chatId(), new Message.Sender(m.senderId(), m.senderName(), m.senderPicture(), m.senderRole()),
                chat.otherThan(m.senderId()), m.content(), m.messageType(), m.media(), m.clientMessageId(),
                m.receiverOnline(), m.receiverOnline() ? postedAt : null, false, null, postedAt);
        StoredMessage posted = new StoredMessage(message, state.head().messageCount() + 1, null, null);
        return new Decision(state.withPosted(posted), List.of(new MessagePosted(message)));
    }

    @Override
    public Decision join(ChatJoined joined) {
        Optional<Refusal> refusal = ChatRules.checkParticipant(state.chat(), joined.userId());
        if (refusal.isPresent()) {
            return rejected(state, "join-chat", refusal.get());
        }
        List<StoredMessage> delivered = state.messages().stream()
                .filter(m -> joined.userId().equals(m.message().receiver()) && !m.message().delivered())
                .map(m -> m.deliveredBy(actionId, at))
                .toList();
        List<String> ids = delivered.stream().map(StoredMessage::id).toList();
        return new Decision(state.withChanged(delivered), List.copyOf(MessagesDelivered.inParts(joined.chatId(), joined.userId(), ids)));
    }

    @Override
    public Decision read(MessagesRead read) {
        Optional<Refusal> refusal = ChatRules.checkParticipant(state.chat(), read.userId());
        if (refusal.isPresent()) {
            return rejected(state, "mark-messages-read", refusal.get());
        }
        List<StoredMessage> unread = state.messages().stream()
                .filter(m -> read.userId().equals(m.message().receiver()) && !m.message().isRead())
                .toList();
        // what a reader has read has reached them: a read before any join delivers too, at the same time
        List<String> deliveredNow = unread.stream().filter(m -> !m.message().delivered()).map(StoredMessage::id).toList();
        List<StoredMessage> marked = unread.stream()
                .map(m -> (m.message().delivered() ? m : m.deliveredBy(actionId, at)).readBy(actionId, at))
                .toList();
        List<ChatUpdate> updates = new ArrayList<>();
        if (!deliveredNow.isEmpty()) {
            updates.addAll(MessagesDelivered.inParts(read.chatId(), read.userId(), deliveredNow));
        }
        updates.add(new MessagesMarkedRead(read.chatId(), read.userId(), state.chat().otherThan(read.userId()), marked.size()));
        return new Decision(state.withChanged(marked), updates);
    }

    @Override
    public Decision open(ChatRequested r) {
        Optional<Refusal> refusal = ChatRules.checkOpening(r.requesterId(), r.requesterRole(), r.participantId(),
                Optional.ofNullable(r.participantRole()));
        if (refusal.isPresent()) {
            return rejected(state, "open-chat", refusal.get());
        }
        if (state.exists()) {
            return new Decision(state, List.of(new ChatAlreadyExists(state.chat())));
        }
        Chat chat = new Chat(r.chatId(), List.of(r.requesterId(), r.participantId()), Chat.ACTIVE, null, at, List.of());
        Head head = new Head(chat, Map.of(r.requesterId(), r.requesterRole(), r.participantId(), r.participantRole()), 0, actionId, List.of());
        return new Decision(state.withHead(head), List.of(new ChatCreated(chat)));
    }

    @Override
    public Decision changeStatus(ChatStatusRequested r) {
        Optional<Refusal> refusal = ChatRules.checkStatusChange(state.chat(), r);
        if (refusal.isPresent()) {
            return rejected(state, "change-chat-status", refusal.get());
        }
        Head after = state.head().withStatus(ChatRules.afterStatusChange(state.chat(), r), actionId);
        return new Decision(state.withHead(after), List.of(new ChatStatusChanged(after.chat(), r.userId())));
    }

    private static Decision rejected(ChatState state, String action, Refusal refusal) {
        return new Decision(state, List.of(new ChatActionRejected(action, refusal.code(), refusal.reason())));
    }
}
