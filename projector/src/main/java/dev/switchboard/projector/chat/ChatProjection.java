package dev.switchboard.projector.chat;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.chat.ChatUpdate;
import dev.switchboard.events.chat.ChatUpdate.ChatActionRejected;
import dev.switchboard.events.chat.ChatUpdate.ChatAlreadyExists;
import dev.switchboard.events.chat.ChatUpdate.ChatCreated;
import dev.switchboard.events.chat.ChatUpdate.ChatStatusChanged;
import dev.switchboard.events.chat.ChatUpdate.MessageAlreadyPosted;
import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.chat.ChatUpdate.MessagesDelivered;
import dev.switchboard.events.chat.ChatUpdate.MessagesMarkedRead;
import dev.switchboard.events.chat.Message;
import dev.switchboard.projector.kafka.Projection;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chats and messages. Each action is decided against the chat as the log built it ({@link ChatRules}); writes are
 * keyed by ids from the log, so a re-run finds its own effect and reports the same outcome.
 */
@Component
public class ChatProjection implements Projection {
    private final ChatStore store;
    private final ChatHeads heads = new ChatHeads();

    public ChatProjection(ChatStore store) {
        this.store = store;
    }

    @Override
    public Topic actionTopic() {
        return Topic.CHAT_ACTIONS;
    }

    /**
     * Sends are decided against the remembered chat heads and stored together, one insert for the batch; any
     * other action first writes the sends before it, so each sees the store as the log built it.
     */
    @Override
    public List<Envelope<?>> apply(List<Envelope<Event>> actions) {
        List<Envelope<?>> updates = new ArrayList<>();
        List<ChatStore.NewMessage> pending = new ArrayList<>();
        for (Envelope<Event> action : actions) {
            ChatAction payload = (ChatAction) action.payload();
            List<? extends ChatUpdate> produced;
            if (payload instanceof MessageSubmitted submitted) {
                produced = List.of(post(submitted, action.occurredAt(), pending));
            } else {
                store.postAll(pending);
                pending.clear();
                produced = decide(payload, action.id(), action.occurredAt());
                heads.forget(payload.chatId());
            }
            updates.addAll(Envelope.outcomesOf(action, produced, payload.chatId()));
        }
        store.postAll(pending);
        return updates;
    }

    @Override
    public void partitionsRevoked() {
        heads.clear();
    }

    private List<? extends ChatUpdate> decide(ChatAction action, String actionId, Instant at) {
        if (action instanceof ChatRequested requested) {
            return List.of(open(requested, at));
        }
        if (action instanceof ChatJoined joined) {
            Optional<ChatUpdate> refused = participantOnly(joined.chatId(), joined.userId(), "join-chat");
            if (refused.isPresent()) {
                return List.of(refused.get());
            }
            return MessagesDelivered.inParts(joined.chatId(), joined.userId(), store.deliver(joined.chatId(), joined.userId(), actionId, at));
        }
        if (action instanceof MessagesRead read) {
            return List.of(participantOnly(read.chatId(), read.userId(), "mark-messages-read").orElseGet(() -> {
                Chat chat = store.chat(read.chatId()).orElseThrow();
                return new MessagesMarkedRead(read.chatId(), read.userId(), chat.otherThan(read.userId()),
                        store.read(read.chatId(), read.userId(), actionId, at));
            }));
        }
        return List.of(changeStatus((ChatStatusRequested) action));
    }

    private ChatUpdate post(MessageSubmitted m, Instant at, List<ChatStore.NewMessage> pending) {
        // a resend is answered with the original before any rule, so a retry after e.g. a TIMEOUT is not refused
        // because the chat was blocked in between
        if (m.clientMessageId() != null) {
            Optional<Message> original = pending.stream().map(ChatStore.NewMessage::message)
                    .filter(p -> p.chat().equals(m.chatId()) && p.sender().id().equals(m.senderId()) && m.clientMessageId().equals(p.clientMessageId()))
                    .findFirst()
                    .or(() -> store.byClientMessageId(m.senderId(), m.chatId(), m.clientMessageId()))
                    .filter(found -> !found.id().equals(m.messageId())); // this very action, re-run: not a duplicate
            if (original.isPresent()) {
                return new MessageAlreadyPosted(original.get());
            }
        }
        Optional<ChatHeads.Head> head = heads.get(m.chatId(), id -> store.chat(id).map(chat -> new ChatHeads.Head(chat, store.messageCount(id))));
        Optional<ChatRules.Refusal> refusal = ChatRules.checkSend(head.map(ChatHeads.Head::chat).orElse(null), m);
        if (refusal.isPresent()) {
            return new ChatActionRejected("send-message", refusal.get().code(), refusal.get().reason());
        }
        Chat chat = head.get().chat();
        Message message = new Message(m.messageId(), m.chatId(), new Message.Sender(m.senderId(), m.senderName(), m.senderPicture(), m.senderRole()),
                chat.otherThan(m.senderId()), m.content(), m.messageType(), m.media(), m.clientMessageId(),
                m.receiverOnline(), m.receiverOnline() ? at : null, false, null, at);
        long seq = head.get().messageCount() + 1;
        heads.put(m.chatId(), new ChatHeads.Head(chat, seq));
        // a re-run of an already stored send is inserted again in vain (duplicate id, ignored) and announced again
        pending.add(new ChatStore.NewMessage(message, seq));
        return new MessagePosted(message);
    }

    private ChatUpdate open(ChatRequested r, Instant at) {
        Optional<ChatRules.Refusal> refusal = ChatRules.checkOpening(r.requesterId(), r.requesterRole(), r.participantId(),
                Optional.ofNullable(r.participantRole()));
        if (refusal.isPresent()) {
            return new ChatActionRejected("open-chat", refusal.get().code(), refusal.get().reason());
        }
        Optional<Chat> existing = store.chat(r.chatId());
        if (existing.isPresent()) {
            return existing.get().createdAt().equals(at) ? new ChatCreated(existing.get()) : new ChatAlreadyExists(existing.get());
        }
        Chat chat = new Chat(r.chatId(), List.of(r.requesterId(), r.participantId()), Chat.ACTIVE, null, at);
        String participantRole = r.participantRole() != null ? r.participantRole() : ChatRules.counterpartOf(r.requesterRole());
        store.createChat(chat, List.of(r.requesterRole(), participantRole));
        return new ChatCreated(chat);
    }

    private Optional<ChatUpdate> participantOnly(String chatId, String userId, String action) {
        Optional<Chat> chat = store.chat(chatId);
        if (chat.isEmpty()) {
            return Optional.of(new ChatActionRejected(action, "NOT_FOUND", "no such chat"));
        }
        if (!chat.get().participants().contains(userId)) {
            return Optional.of(new ChatActionRejected(action, "FORBIDDEN", "you are not a participant of this chat"));
        }
        return Optional.empty();
    }

    private ChatUpdate changeStatus(ChatStatusRequested r) {
        Optional<Chat> chat = store.chat(r.chatId());
        Optional<ChatRules.Refusal> refusal = ChatRules.checkStatusChange(chat.orElse(null), r.userId(), r.status());
        if (refusal.isPresent()) {
            return new ChatActionRejected("change-chat-status", refusal.get().code(), refusal.get().reason());
        }
        store.setStatus(r.chatId(), r.status());
        Chat before = chat.get();
        return new ChatStatusChanged(new Chat(before.id(), before.participants(), r.status(), before.lastMessage(), before.createdAt()), r.userId());
    }
}
