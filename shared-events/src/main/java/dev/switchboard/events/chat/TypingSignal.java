package dev.switchboard.events.chat;

import dev.switchboard.events.Event;

/**
 * Typing indicators: signals, never stored or projected; topic {@code switchboard.chat.typing} (short retention),
 * keyed by room. Every gateway pushes them to the room's other members.
 */
public sealed interface TypingSignal extends Event {
    String room();

    boolean isTyping();

    /** The same signal saying the user stopped typing. */
    TypingSignal stopped();

    /** Pushed as {@code user-typing { userId, chatId, isTyping }} to the room's members other than the user. */
    record TypingChanged(String room, String userId, String chatId, boolean isTyping) implements TypingSignal {
        @Override
        public TypingChanged stopped() {
            return new TypingChanged(room, userId, chatId, false);
        }
    }

    /** Pushed as {@code support-user-typing { userId, ticketId, isTyping }} to the ticket room's other users. */
    record SupportTypingChanged(String room, String userId, String ticketId, boolean isTyping) implements TypingSignal {
        @Override
        public SupportTypingChanged stopped() {
            return new SupportTypingChanged(room, userId, ticketId, false);
        }
    }
}
