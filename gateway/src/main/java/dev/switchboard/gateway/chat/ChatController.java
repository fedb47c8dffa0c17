package dev.switchboard.gateway.chat;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.chat.ChatIds;
import dev.switchboard.events.chat.ChatUpdate.ChatCreated;
import dev.switchboard.events.chat.ChatUpdate.ChatStatusChanged;
import dev.switchboard.events.chat.ChatUpdate.OpenOutcome;
import dev.switchboard.events.chat.Message;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.input.Payloads;
import dev.switchboard.gateway.kafka.Outcomes;
import dev.switchboard.gateway.user.UserRoles;
import dev.switchboard.gateway.web.SeqPage;
import dev.switchboard.readmodels.HistoryPage;
import dev.switchboard.readmodels.chat.ChatReadModel;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Chats over REST (docs/PROTOCOL.md §8): open, list, history, and the status a participant sets (blocked / active / closed). */
@RestController
public class ChatController {
    private final Outcomes outcomes;
    private final ChatParticipants participants;
    private final ChatReadModel chats;
    private final UserRoles roles;

    public ChatController(Outcomes outcomes, ChatParticipants participants, ChatReadModel chats, UserRoles roles) {
        this.outcomes = outcomes;
        this.participants = participants;
        this.chats = chats;
        this.roles = roles;
    }

    /** {@code { participantId }}: 201 with a new chat, 200 with the existing one. */
    @ApiResponse(responseCode = "201", description = "a new chat", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "the existing chat of the pair", useReturnTypeSchema = true)
    @PostMapping("/api/chats")
    CompletableFuture<ResponseEntity<ChatView>> open(AuthenticatedUser caller, @Valid @RequestBody OpenChatRequest body) {
        Authorization.requireRole(Operation.OPEN_CHAT, caller);
        String participantId = body.participantId();
        String chatId = ChatIds.forPair(caller.userId(), participantId);
        String participantRole = roles.roleOf(participantId).orElse(null);
        return outcomes.submit(Envelope.newAction(new ChatRequested(chatId, caller.userId(), caller.role().wire(), participantId, participantRole),
                        caller.actor(), chatId, Instant.now()), OpenOutcome.class)
                .thenApply(outcome -> ResponseEntity.status(outcome instanceof ChatCreated ? 201 : 200).body(ChatView.of(outcome.chat())));
    }

    /** The caller's chats, newest activity first, each with its {@code unreadCount} for the caller. */
    @GetMapping("/api/chats")
    List<ChatSummary> list(AuthenticatedUser caller) {
        Authorization.requireRole(Operation.LIST_CHATS, caller);
        return chats.chatsOf(caller.userId()).stream().map(c -> ChatSummary.of(ChatView.of(c.chat()), c.unreadCount())).toList();
    }

    /** History, newest first: {@code ?before=<messageId>&limit=50} (at most 100). */
    @GetMapping("/api/chats/{chatId}/messages")
    MessagePage messages(AuthenticatedUser caller, @PathVariable String chatId, @RequestParam(required = false) String before,
                                 @RequestParam(required = false) Integer limit) {
        Payloads.requireId(chatId, "chatId");
        Authorization.require(Operation.CHAT_HISTORY, caller, participants.ownership(chatId, caller.userId()));
        HistoryPage<Message> page = SeqPage.found(chats.history(chatId, SeqPage.cursor(before), SeqPage.size(limit)));
        return new MessagePage(page.messages().stream().map(MessageView::of).toList(), page.hasMore());
    }

    /** {@code { status: "blocked" | "active" | "closed" }}, participants only. */
    @PatchMapping("/api/chats/{chatId}")
    CompletableFuture<ChatView> setStatus(AuthenticatedUser caller, @PathVariable String chatId, @Valid @RequestBody ChatStatusRequest body) {
        Authorization.requireRole(Operation.CHANGE_CHAT_STATUS, caller);
        Payloads.requireId(chatId, "chatId");
        return outcomes.submit(Envelope.newAction(new ChatStatusRequested(chatId, caller.userId(), body.status(), true), caller.actor(), chatId, Instant.now()),
                        ChatStatusChanged.class)
                .thenApply(changed -> ChatView.of(changed.chat()));
    }
}
