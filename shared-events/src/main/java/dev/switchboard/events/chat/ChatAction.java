package dev.switchboard.events.chat;

import dev.switchboard.events.Event;
import dev.switchboard.events.EventVersion;

import java.util.List;

/** Chat actions; topic {@code switchboard.chat.actions}, keyed by chatId. */
public sealed interface ChatAction extends Event {

    /**
     * One method per action type: a handler is written for every type, so a new action type does not compile until
     * every handler has its method (Java 17 has no exhaustive switch over a sealed family).
     */
    interface Handler<R> {
        R open(ChatRequested action);

        R send(MessageSubmitted action);

        R join(ChatJoined action);

        R read(MessagesRead action);

        R changeStatus(ChatStatusRequested action);
    }

    /** {@code handler}'s method for this action's type. */
    <R> R handledBy(Handler<R> handler);

    String chatId();

    /**
     * {@code POST /api/chats}: open the chat between the requester and the participant (or find it).
     * {@code participantRole} is the participant's role as known when the request was recorded (null: unknown
     * user, refused), so the decision needs nothing outside this event and the chat's own history.
     * <p>
     * Version 2: null means unknown, and the chat is refused. Version 1 took an unknown participant to be on the other
     * side; {@code Upcasters} writes that assumption into old records, so they are decided as they were.
     */
    @EventVersion(2)
    record ChatRequested(String chatId, String requesterId, String requesterRole, String participantId, String participantRole)
            implements ChatAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.open(this);
        }
    }

    /**
     * {@code send-message}, as the client sent it (validated by the projector, so that refusals are in the log
     * too). {@code receiverOnline} is whether the receiver had a connection open when it was recorded.
     */
    record MessageSubmitted(String messageId, String chatId, String senderId, String senderRole, String senderName,
                            String senderPicture, String content, String messageType, List<Message.Media> media,
                            String clientMessageId, boolean receiverOnline) implements ChatAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.send(this);
        }
    }

    /** {@code join-chat}: the user's undelivered incoming messages become delivered. */
    record ChatJoined(String chatId, String userId) implements ChatAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.join(this);
        }
    }

    /** {@code mark-messages-read}. */
    record MessagesRead(String chatId, String userId) implements ChatAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.read(this);
        }
    }

    /**
     * A participant blocks, unblocks ({@code active}) or closes the chat. v2 added {@code ownBlock}: a block is the
     * requester's own and {@code active} lifts only theirs (always true in v2). v1 blocks were the chat's, which either
     * participant lifted; the upcaster writes {@code false} into v1 records, so an old log is decided as it was.
     */
    @EventVersion(2)
    record ChatStatusRequested(String chatId, String userId, String status, boolean ownBlock) implements ChatAction {
        /**
         * The longest status the gateway records: an unknown one is the projector's to refuse (so the refusal is in the
         * log), a longer one is no status at all and is refused before it is written.
         */
        public static final int MAX_STATUS = 32;

        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.changeStatus(this);
        }
    }
}
