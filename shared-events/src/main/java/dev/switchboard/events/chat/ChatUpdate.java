package dev.switchboard.events.chat;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.Parts;
import dev.switchboard.events.Refusal;

import java.util.List;

/** Chat outcomes; topic {@code switchboard.chat.updates}, keyed by chatId. */
public sealed interface ChatUpdate extends Event {

    /** What {@code open-chat} ({@code POST /api/chats}) is answered with when it is not refused. */
    sealed interface OpenOutcome extends ChatUpdate permits ChatCreated, ChatAlreadyExists {
        Chat chat();
    }

    /** What {@code send-message} is answered with when it is not refused: the message as stored. */
    sealed interface SendOutcome extends ChatUpdate permits MessagePosted, MessageAlreadyPosted {
        Message message();
    }

    record ChatCreated(Chat chat) implements OpenOutcome {
    }

    record ChatAlreadyExists(Chat chat) implements OpenOutcome {
    }

    /** Pushed as {@code new-message} to the chat room and {@code message-notification} to the receiver. */
    record MessagePosted(Message message) implements SendOutcome {
    }

    /** A resend with a {@code clientMessageId} already used by this sender: answers with the original. */
    record MessageAlreadyPosted(Message original) implements SendOutcome {
        @Override
        public Message message() {
            return original;
        }
    }

    /**
     * {@code messages-delivered { chatId, userId, messageIds }} to the chat room. A long backlog comes as several of
     * these, at most {@link #MAX_IDS} ids each (a record must fit the log); {@code total} counts them all.
     */
    record MessagesDelivered(String chatId, String userId, List<String> messageIds, int total) implements ChatUpdate {
        public static final int MAX_IDS = 5_000;

        public MessagesDelivered {
            messageIds = List.copyOf(messageIds);
        }

        /** The ids in as many updates as it takes; one update, empty, when there are none. */
        public static List<MessagesDelivered> inParts(String chatId, String userId, List<String> messageIds) {
            return Parts.of(messageIds, MAX_IDS).stream()
                    .map(part -> new MessagesDelivered(chatId, userId, part, messageIds.size())).toList();
        }
    }

    /** {@code messages-read { userId, chatId }} to the chat room and the other participant's personal room. */
    record MessagesMarkedRead(String chatId, String userId, String otherParticipant, long count) implements ChatUpdate {
    }

    record ChatStatusChanged(Chat chat, String changedBy) implements ChatUpdate {
    }

    record ChatActionRejected(String action, ErrorCode code, String message) implements ChatUpdate, Refusal.Recorded {
    }
}
