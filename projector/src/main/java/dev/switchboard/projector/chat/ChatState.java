package dev.switchboard.projector.chat;

import dev.switchboard.events.Times;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One chat as a batch's decisions see it: its head (null while the chat does not exist) and the messages of it that
 * the batch's actions can touch: the unsettled (undelivered / unread) incoming messages of the users who join or read
 * in the batch, the originals of the batch's {@code clientMessageId}s, and the messages the batch posts. Ordered by
 * {@code seq}.
 */
public record ChatState(String chatId, Head head, List<StoredMessage> messages) {

    public ChatState {
        messages = List.copyOf(messages);
    }

    /**
     * The chat document without its messages: the chat as the API shows it, each participant's role as known when it
     * was opened, its message count (the {@code seq} of its last message), the action that opened it and the last
     * status changes (which action changed it from which status), the newest last.
     */
    public record Head(Chat chat, Map<String, String> roles, long messageCount, String createdBy, List<StatusChange> statusChanges) {
        /** How many status changes a chat remembers: enough to undo those of any one batch on a re-run. */
        static final int STATUS_CHANGES_KEPT = 32;

        public Head {
            roles = Map.copyOf(roles);
            statusChanges = List.copyOf(statusChanges);
        }

        Head withChat(Chat next) {
            return new Head(next, roles, messageCount, createdBy, statusChanges);
        }

        /** With the status and blockers {@code changed} by {@code actionId}. */
        Head withStatus(Chat changed, String actionId) {
            List<StatusChange> changes = new ArrayList<>(statusChanges);
            changes.add(new StatusChange(actionId, chat.status(), chat.blockedBy()));
            if (changes.size() > STATUS_CHANGES_KEPT) {
                changes = changes.subList(changes.size() - STATUS_CHANGES_KEPT, changes.size());
            }
            return new Head(chat.withStatus(changed.status(), changed.blockedBy()), roles, messageCount, createdBy, changes);
        }
    }

    /** A head as the store holds it, with the record of the batch that last wrote it. */
    public record StoredHead(Head head, LastWrite lastWrite) {
    }

    /**
     * The actions on the chat of the batch that last wrote its head, and the head as that batch found it (null: the
     * batch opened the chat). {@link #NONE} for a head written by a build that kept no such record.
     */
    public record LastWrite(List<String> actionIds, Head headBefore) {
        public static final LastWrite NONE = new LastWrite(List.of(), null);

        public LastWrite {
            actionIds = List.copyOf(actionIds);
        }
    }

    /** The action {@code by} changed the chat's status from {@code from}, its blockers from {@code fromBlockedBy}. */
    public record StatusChange(String by, String from, List<String> fromBlockedBy) {
        public StatusChange {
            fromBlockedBy = fromBlockedBy == null ? List.of() : List.copyOf(fromBlockedBy);
        }
    }

    /**
     * A message as the {@code messages} collection holds it: number {@code seq} of its chat, and the actions that
     * marked it delivered / read ({@code deliveredBy} / {@code readBy}; null when no action did: delivered at send,
     * or not yet).
     */
    public record StoredMessage(Message message, long seq, String deliveredBy, String readBy) {

        public String id() {
            return message.id();
        }

        /** Delivered by {@code actionId}, at its time but never before the message was created. */
        StoredMessage deliveredBy(String actionId, Instant at) {
            Message m = message;
            return new StoredMessage(new Message(m.id(), m.chat(), m.sender(), m.receiver(), m.content(), m.messageType(), m.media(),
                    m.clientMessageId(), true, Times.notBefore(at, m.createdAt()), m.isRead(), m.readAt(), m.createdAt()), seq, actionId, readBy);
        }

        /** Read by {@code actionId}, at its time but never before the message was created or delivered. */
        StoredMessage readBy(String actionId, Instant at) {
            Message m = message;
            Instant readAt = Times.notBefore(Times.notBefore(at, m.createdAt()), m.deliveredAt());
            return new StoredMessage(new Message(m.id(), m.chat(), m.sender(), m.receiver(), m.content(), m.messageType(), m.media(),
                    m.clientMessageId(), m.delivered(), m.deliveredAt(), true, readAt, m.createdAt()), seq, deliveredBy, actionId);
        }

        StoredMessage undelivered() {
            Message m = message;
            return new StoredMessage(new Message(m.id(), m.chat(), m.sender(), m.receiver(), m.content(), m.messageType(), m.media(),
                    m.clientMessageId(), false, null, m.isRead(), m.readAt(), m.createdAt()), seq, null, readBy);
        }

        StoredMessage unread() {
            Message m = message;
            return new StoredMessage(new Message(m.id(), m.chat(), m.sender(), m.receiver(), m.content(), m.messageType(), m.media(),
                    m.clientMessageId(), m.delivered(), m.deliveredAt(), false, null, m.createdAt()), seq, deliveredBy, null);
        }
    }

    /** A chat nobody opened (yet). */
    public static ChatState absent(String chatId) {
        return new ChatState(chatId, null, List.of());
    }

    /** The chat with these messages, one per id (the last given wins), ordered by {@code seq}. */
    public static ChatState of(String chatId, Head head, List<StoredMessage> messages) {
        Map<String, StoredMessage> byId = new LinkedHashMap<>();
        messages.forEach(message -> byId.put(message.id(), message));
        List<StoredMessage> ordered = new ArrayList<>(byId.values());
        ordered.sort(Comparator.comparingLong(StoredMessage::seq));
        return new ChatState(chatId, head, ordered);
    }

    public boolean exists() {
        return head != null;
    }

    /** The chat, or null if it does not exist. */
    public Chat chat() {
        return head == null ? null : head.chat();
    }

    public Optional<StoredMessage> message(String messageId) {
        return messages.stream().filter(m -> m.id().equals(messageId)).findFirst();
    }

    ChatState withHead(Head next) {
        return new ChatState(chatId, next, messages);
    }

    /** With {@code posted} as its new last message, number {@code posted.seq()}. */
    ChatState withPosted(StoredMessage posted) {
        List<StoredMessage> next = new ArrayList<>(messages.size() + 1);
        next.addAll(messages);
        next.add(posted);
        Chat chat = head.chat();
        Head nextHead = new Head(chat.withLastMessage(posted.message()),
                head.roles(), posted.seq(), head.createdBy(), head.statusChanges());
        return new ChatState(chatId, nextHead, next);
    }

    /** With these messages replaced (same ids), the chat's last message too if it is one of them. */
    ChatState withChanged(List<StoredMessage> changed) {
        if (changed.isEmpty()) {
            return this;
        }
        Map<String, StoredMessage> byId = new LinkedHashMap<>();
        changed.forEach(message -> byId.put(message.id(), message));
        List<StoredMessage> next = messages.stream().map(m -> byId.getOrDefault(m.id(), m)).toList();
        Chat chat = head.chat();
        Head nextHead = head;
        if (chat.lastMessage() != null && byId.containsKey(chat.lastMessage().id())) {
            nextHead = head.withChat(chat.withLastMessage(byId.get(chat.lastMessage().id()).message()));
        }
        return new ChatState(chatId, nextHead, next);
    }
}
