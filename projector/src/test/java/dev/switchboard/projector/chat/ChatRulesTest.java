package dev.switchboard.projector.chat;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.Message;
import dev.switchboard.projector.chat.ChatState.Head;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChatRulesTest {
    private static final Chat ACTIVE = new Chat("c1", List.of("client-1", "provider-1"), Chat.ACTIVE, null, Instant.EPOCH, List.of());

    private static final Map<String, String> ROLES = Map.of("client-1", "client", "provider-1", "provider");

    private static MessageSubmitted send(String sender, String content, String type, List<Message.Media> media) {
        return new MessageSubmitted("m1", "c1", sender, sender.startsWith("provider") ? "provider" : "client", "Name", null, content, type, media,
                null, false);
    }

    private static ChatStatusRequested status(String user, String status) {
        return new ChatStatusRequested("c1", user, status, true);
    }

    private static Head head(Chat chat) {
        return chat == null ? null : new Head(chat, ROLES, 0, "a1", List.of());
    }

    private static ErrorCode refusal(Chat chat, MessageSubmitted message) {
        return ChatRules.checkSend(head(chat), message).map(Refusal::code).orElse(null);
    }

    @Test
    void aParticipantMaySendTextToAnActiveChat() {
        assertNull(refusal(ACTIVE, send("client-1", "hello", "text", List.of())));
    }

    @Test
    void refusesSendInAnotherRoleThanTheChatKnowsTheSenderBy() {
        MessageSubmitted asClient = new MessageSubmitted("m1", "c1", "provider-1", "client", "Name", null, "hi", "text", List.of(), null, false);
        assertEquals(ErrorCode.RULE_VIOLATION, refusal(ACTIVE, asClient));
    }

    @Test
    void refusesSendFromNonParticipant() {
        assertEquals(ErrorCode.FORBIDDEN, refusal(ACTIVE, send("stranger", "hello", "text", List.of())));
    }

    @Test
    void refusesSendToAMissingChat() {
        assertEquals(ErrorCode.NOT_FOUND, refusal(null, send("client-1", "hello", "text", List.of())));
    }

    @Test
    void refusesSendToABlockedOrClosedChat() {
        Chat blocked = new Chat("c1", ACTIVE.participants(), Chat.BLOCKED, null, Instant.EPOCH, List.of());
        Chat closed = new Chat("c1", ACTIVE.participants(), Chat.CLOSED, null, Instant.EPOCH, List.of());
        assertEquals(ErrorCode.RULE_VIOLATION, refusal(blocked, send("client-1", "hello", "text", List.of())));
        assertEquals(ErrorCode.RULE_VIOLATION, refusal(closed, send("provider-1", "hello", "text", List.of())));
    }

    @Test
    void refusesMalformedMessages() {
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", null, "text", List.of())));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", "x".repeat(5001), "text", List.of())));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", "hi", "sticker", List.of())));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", null, "image",
                Collections.nCopies(11, new Message.Media("https://x/y.png", "image", null, null)))));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", null, "image", List.of(new Message.Media("", "image", null, null)))));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", null, "image", List.of(new Message.Media("https://x/" + "y".repeat(2048), "image", null, null)))));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", null, "image", List.of(new Message.Media("https://x/y.png", "i".repeat(257), null, null)))));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", null, "image", List.of(new Message.Media("https://x/y.png", "image", "n".repeat(257), null)))));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(ACTIVE, send("client-1", null, "image", List.of(new Message.Media("https://x/y.png", "image", null, -1L)))));
    }

    @Test
    void mediaWithoutContentIsFineForNonTextTypes() {
        assertNull(refusal(ACTIVE, send("client-1", null, "image", List.of(new Message.Media("https://x/y.png", "image", "y.png", 10L)))));
        assertNull(refusal(ACTIVE, send("client-1", "x".repeat(5000), "text", List.of())));
    }

    @Test
    void anyMediaUrlSchemeIsTheGatewaysToRefuseSoOldLogsAreDecidedAsTheyWere() {
        assertNull(refusal(ACTIVE, send("client-1", null, "image", List.of(new Message.Media("javascript:alert(1)", "image", null, null)))));
    }

    @Test
    void aChatIsBetweenOneClientAndOneProvider() {
        assertEquals(Optional.empty(), ChatRules.checkOpening("c", "client", "p", Optional.of("provider")));
        assertEquals(ErrorCode.RULE_VIOLATION, ChatRules.checkOpening("c", "client", "c2", Optional.of("client")).orElseThrow().code());
        assertEquals(ErrorCode.RULE_VIOLATION, ChatRules.checkOpening("p", "provider", "p2", Optional.of("provider")).orElseThrow().code());
        assertEquals(ErrorCode.RULE_VIOLATION, ChatRules.checkOpening("c", "client", "a", Optional.of("admin")).orElseThrow().code());
        assertEquals(ErrorCode.FORBIDDEN, ChatRules.checkOpening("a", "admin", "p", Optional.of("provider")).orElseThrow().code());
        assertEquals(ErrorCode.NOT_FOUND, ChatRules.checkOpening("c", "client", "not-seen-yet", Optional.empty()).orElseThrow().code());
        assertEquals(ErrorCode.NOT_FOUND, ChatRules.checkOpening("p", "provider", "not-seen-yet", Optional.empty()).orElseThrow().code());
        assertEquals(ErrorCode.BAD_REQUEST, ChatRules.checkOpening("c", "client", "c", Optional.of("client")).orElseThrow().code());
    }

    @Test
    void onlyParticipantsChangeStatusAndClosedStaysClosed() {
        assertEquals(Optional.empty(), ChatRules.checkStatusChange(ACTIVE, status("client-1", Chat.BLOCKED)));
        assertEquals(ErrorCode.FORBIDDEN, ChatRules.checkStatusChange(ACTIVE, status("stranger", Chat.BLOCKED)).orElseThrow().code());
        assertEquals(ErrorCode.BAD_REQUEST, ChatRules.checkStatusChange(ACTIVE, status("client-1", "archived")).orElseThrow().code());
        Chat closed = new Chat("c1", ACTIVE.participants(), Chat.CLOSED, null, Instant.EPOCH, List.of());
        assertEquals(ErrorCode.RULE_VIOLATION, ChatRules.checkStatusChange(closed, status("client-1", Chat.ACTIVE)).orElseThrow().code());
    }

    @Test
    void onlyParticipantsOfAnExistingChatJoinOrMarkRead() {
        assertEquals(Optional.empty(), ChatRules.checkParticipant(ACTIVE, "provider-1"));
        assertEquals(ErrorCode.FORBIDDEN, ChatRules.checkParticipant(ACTIVE, "stranger").orElseThrow().code());
        assertEquals(ErrorCode.NOT_FOUND, ChatRules.checkParticipant(null, "provider-1").orElseThrow().code());
    }

    @Test
    void theSameChatAndMessageAlwaysDecideTheSame() {
        MessageSubmitted message = send("stranger", "hello", "text", List.of());
        assertEquals(ChatRules.checkSend(head(ACTIVE), message), ChatRules.checkSend(head(ACTIVE), message));
    }
}
