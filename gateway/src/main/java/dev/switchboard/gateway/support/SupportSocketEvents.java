package dev.switchboard.gateway.support;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.chat.TypingSignal.SupportTypingChanged;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import dev.switchboard.events.support.SupportUpdate.MessageOutcome;
import dev.switchboard.events.support.SupportUpdate.SupportMessageMarkedRead;
import dev.switchboard.events.support.SupportUpdate.TicketJoinAccepted;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.chat.TypingSignals;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.input.Payloads;
import dev.switchboard.gateway.kafka.Outcomes;
import dev.switchboard.gateway.socket.SocketEvents;
import dev.switchboard.gateway.socket.SocketEvents.Row;
import dev.switchboard.gateway.socket.SocketSession;
import dev.switchboard.gateway.store.GatewayReadModels;
import dev.switchboard.readmodels.support.SupportReadModel;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code join-support-ticket}, {@code join-support-dashboard}, {@code support-message}, {@code support-typing-start/stop},
 * {@code mark-message-read} (docs/PROTOCOL.md §7), and ours {@code leave-support-ticket} / {@code leave-support-dashboard}. {@code support-message} takes an optional {@code clientMessageId} (ours, as
 * {@code send-message}'s): a resend is answered with the original message and pushes nothing. Joining a ticket and posting are decided by the projector, so an
 * outsider's attempt is in the ticket's audit.
 */
@Component
public class SupportSocketEvents implements SocketEvents {
    private final Outcomes outcomes;
    private final SupportReadModel support;
    private final TypingSignals typingSignals;
    private final GatewayReadModels store;

    public SupportSocketEvents(Outcomes outcomes, SupportReadModel support, TypingSignals typingSignals, GatewayReadModels store) {
        this.outcomes = outcomes;
        this.support = support;
        this.typingSignals = typingSignals;
        this.store = store;
    }

    record SupportMessageSent(String ticketId, String content, String messageType, String clientMessageId, List<String> attachments) {
    }

    @Override
    public List<Row<?>> events() {
        return List.of(
                new Row<>("join-support-ticket", Payloads.idOrObjectWith("ticketId"), this::joinTicket),
                new Row<>("join-support-dashboard", Payloads::none, (session, none) -> joinDashboard(session)),
                new Row<>("leave-support-ticket", Payloads.idOrObjectWith("ticketId"), this::leaveTicket),
                new Row<>("leave-support-dashboard", Payloads::none, (session, none) -> leaveDashboard(session)),
                new Row<>("support-message", SupportSocketEvents::parseMessage, this::supportMessage),
                new Row<>("support-typing-start", Payloads.idOrObjectWith("ticketId"), (session, ticketId) -> typing(session, ticketId, true)),
                new Row<>("support-typing-stop", Payloads.idOrObjectWith("ticketId"), (session, ticketId) -> typing(session, ticketId, false)),
                new Row<>("mark-message-read", Payloads.idOrObjectWith("messageId"), this::markRead));
    }

    private CompletionStage<Map<String, Object>> joinTicket(SocketSession session, String ticketId) {
        Authorization.requireRole(Operation.JOIN_SUPPORT_TICKET, session.user());
        String room = SupportViews.ticketRoom(ticketId);
        Runnable release = session.reserveRoomFor(room);
        return outcomes.submit(Envelope.newAction(new TicketJoinRequested(ticketId, session.userId(), session.user().role().wire()),
                        session.user().actor(), ticketId, Instant.now()), TicketJoinAccepted.class)
                .thenApply(accepted -> {
                    session.joinReserved(room, release);
                    return Map.<String, Object>of("ticketId", ticketId);
                })
                .whenComplete((answer, failure) -> release.run());
    }

    private CompletionStage<Map<String, Object>> joinDashboard(SocketSession session) {
        Authorization.requireRole(Operation.JOIN_SUPPORT_DASHBOARD, session.user());
        session.join(SupportViews.DASHBOARD);
        return CompletableFuture.completedFuture(Map.of());
    }

    private CompletionStage<Map<String, Object>> leaveTicket(SocketSession session, String ticketId) {
        Authorization.requireRole(Operation.LEAVE_SUPPORT_TICKET, session.user());
        String room = SupportViews.ticketRoom(ticketId);
        session.leave(room);
        typingSignals.left(session, room);
        return CompletableFuture.completedFuture(Map.of("ticketId", ticketId));
    }

    private CompletionStage<Map<String, Object>> leaveDashboard(SocketSession session) {
        Authorization.requireRole(Operation.LEAVE_SUPPORT_DASHBOARD, session.user());
        session.leave(SupportViews.DASHBOARD);
        return CompletableFuture.completedFuture(Map.of());
    }

    private CompletionStage<Map<String, Object>> supportMessage(SocketSession session, SupportMessageSent sent) {
        Authorization.requireRole(Operation.SUPPORT_MESSAGE, session.user());
        SupportMessageSubmitted submitted = new SupportMessageSubmitted(Ids.newId(), sent.ticketId(), session.userId(),
                session.user().role().wire(), session.user().name(), session.user().picture(), sent.content(), sent.messageType(),
                sent.clientMessageId(), sent.attachments());
        // a resend of an already posted clientMessageId is answered with the original
        return outcomes.submit(Envelope.newAction(submitted, session.user().actor(), sent.ticketId(), Instant.now()), MessageOutcome.class)
                .thenApply(outcome -> Map.of("message", SupportViews.message(outcome.message())));
    }

    private CompletionStage<Map<String, Object>> typing(SocketSession session, String ticketId, boolean isTyping) {
        String room = SupportViews.ticketRoom(ticketId);
        Authorization.requireRole(isTyping ? Operation.SUPPORT_TYPING_START : Operation.SUPPORT_TYPING_STOP, session.user());
        if (!session.isIn(room)) {
            throw ClientError.forbidden("join the ticket before signalling typing in it");
        }
        return typingSignals.signal(session, new SupportTypingChanged(room, session.userId(), ticketId, isTyping))
                .thenApply(recorded -> Map.of("ticketId", ticketId, "isTyping", isTyping));
    }

    /** The message's ticket comes from the read model (the action is keyed by ticket); the projector decides who may read. */
    private CompletionStage<Map<String, Object>> markRead(SocketSession session, String messageId) {
        store.beforeReading();
        String ticketId = support.ticketOfMessage(messageId).orElseThrow(() -> ClientError.notFound("no such message"));
        Authorization.requireRole(Operation.MARK_MESSAGE_READ, session.user());
        return outcomes.submit(Envelope.newAction(new SupportMessageRead(ticketId, messageId, session.userId(), session.user().role().wire()),
                        session.user().actor(), ticketId, Instant.now()), SupportMessageMarkedRead.class)
                .thenApply(marked -> Map.of("messageId", messageId));
    }

    static SupportMessageSent parseMessage(Object raw) {
        Map<?, ?> payload = Payloads.object(raw);
        String ticketId = Payloads.requireId(payload.get("ticketId"), "ticketId");
        // the content may come as a string or in the stored shape { text, attachments }
        Map<?, ?> source = payload.get("content") instanceof Map<?, ?> structured ? structured : payload;
        String content = Payloads.optionalText(source, source == payload ? "content" : "text", Payloads.MAX_TEXT);
        String type = payload.get("messageType") == null ? "text" : Payloads.optionalText(payload, "messageType", 32);
        List<String> attachments = source == payload ? List.of() : attachmentUrls(source.get("attachments"));
        return new SupportMessageSent(ticketId, Payloads.requiredText(content), type, Payloads.optionalClientMessageId(payload), attachments);
    }

    /**
     * {@code content.attachments}: URLs, each a string or an object holding it as {@code url} (only the URL is kept). How
     * many and how long is decided by the projector's rules, so that a refusal is audited; a wrong shape is refused here.
     */
    private static List<String> attachmentUrls(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> items)) {
            throw ClientError.badRequest("content.attachments must be an array of URLs");
        }
        List<String> urls = new ArrayList<>(items.size());
        for (Object item : items) {
            Object url = item instanceof Map<?, ?> file ? file.get("url") : item;
            if (!(url instanceof String text)) {
                throw ClientError.badRequest("every attachment is a URL string, or an object with a url string");
            }
            urls.add(text);
        }
        return urls;
    }
}
