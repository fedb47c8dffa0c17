package dev.switchboard.projector.store;

/**
 * The {@code clientKey} of a message sent with a {@code clientMessageId}: unique per sender and conversation (a chat or
 * a ticket), kept in a sparse unique index, so a resend finds its original. Per conversation because a conversation
 * has one writer, so two projectors can never race on one key.
 */
public final class ClientKeys {
    private ClientKeys() {
    }

    public static String of(String senderId, String conversationId, String clientMessageId) {
        return senderId + "\n" + conversationId + "\n" + clientMessageId;
    }
}
