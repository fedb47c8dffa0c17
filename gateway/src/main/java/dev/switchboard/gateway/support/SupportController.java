package dev.switchboard.gateway.support;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.SupportUpdate.TicketChanged;
import dev.switchboard.events.support.SupportUpdate.TicketCreated;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.input.Payloads;
import dev.switchboard.gateway.kafka.Outcomes;
import dev.switchboard.gateway.user.UserRoles;
import dev.switchboard.gateway.web.Paging;
import dev.switchboard.gateway.web.SeqPage;
import dev.switchboard.readmodels.HistoryPage;
import dev.switchboard.readmodels.support.SupportReadModel;
import dev.switchboard.readmodels.support.SupportReadModel.TicketCursor;
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
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Support tickets over REST (docs/PROTOCOL.md §8). */
@RestController
public class SupportController {
    private final Outcomes outcomes;
    private final SupportReadModel support;
    private final TicketAudit audit;

    private final UserRoles roles;

    public SupportController(Outcomes outcomes, SupportReadModel support, TicketAudit audit, UserRoles roles) {
        this.outcomes = outcomes;
        this.support = support;
        this.audit = audit;
        this.roles = roles;
    }

    /** {@code { subject, message }} from a client or provider: 201 with the ticket. */
    @ApiResponse(responseCode = "201", description = "the new ticket", useReturnTypeSchema = true)
    @PostMapping("/api/support/tickets")
    CompletableFuture<ResponseEntity<TicketView>> open(AuthenticatedUser caller, @RequestBody OpenTicketRequest body) {
        Authorization.requireRole(Operation.OPEN_TICKET, caller);
        String ticketId = Ids.newId();
        TicketOpened opened = new TicketOpened(ticketId, caller.userId(), caller.role().wire(), caller.name(), caller.picture(),
                Payloads.requiredText(body.subject()), Ids.newId(), Payloads.requiredText(body.message()));
        return outcomes.submit(Envelope.newAction(opened, caller.actor(), ticketId, Instant.now()), TicketCreated.class)
                .thenApply(created -> ResponseEntity.status(201).body(SupportViews.ticket(created.ticket())));
    }

    /** {@code { status?, assignee? }}, admins only; {@code "assignee": null} clears the assignee. */
    @PatchMapping("/api/support/tickets/{ticketId}")
    CompletableFuture<TicketView> change(AuthenticatedUser caller, @PathVariable String ticketId, @Valid @RequestBody TicketChangeRequest body) {
        Authorization.requireRole(Operation.CHANGE_TICKET, caller);
        Payloads.requireId(ticketId, "ticketId");
        String assignee = body.assigneeChange();
        String assigneeRole = assigneeRole(caller, assignee);
        TicketChangeRequested change = new TicketChangeRequested(ticketId, caller.userId(), caller.role().wire(), body.getStatus(),
                assignee, assigneeRole);
        return outcomes.submit(Envelope.newAction(change, caller.actor(), ticketId, Instant.now()), TicketChanged.class)
                .thenApply(changed -> SupportViews.ticket(changed.ticket()));
    }

    /** The assignee's role: the caller's own token says theirs (their first request may not be in the read model yet). */
    private String assigneeRole(AuthenticatedUser caller, String assignee) {
        if (assignee == null || assignee.equals(TicketChangeRequested.CLEAR_ASSIGNEE)) {
            return null;
        }
        return assignee.equals(caller.userId()) ? caller.role().wire() : roles.roleOf(assignee).orElse(null);
    }

    /**
     * The caller's tickets; an admin's are all tickets, optionally {@code ?status=} (empty: any; not a status: refused);
     * most recently active first, {@code ?limit=} at a time (at most and by default
     * {@value SupportReadModel#LISTED_TICKETS}), {@code ?before=<ticketId>} for those after that one, and with
     * {@code &beforeUpdatedAt=} its {@code updatedAt} as the page showed it, after where it was then (it may have been
     * active since and moved to the front).
     */
    @GetMapping("/api/support/tickets")
    List<TicketView> list(AuthenticatedUser caller, @RequestParam(required = false) String status,
                          @RequestParam(required = false) String before, @RequestParam(required = false) String beforeUpdatedAt,
                          @RequestParam(required = false) Integer limit) {
        Authorization.requireRole(Operation.LIST_TICKETS, caller);
        String owner = caller.role() == Role.ADMIN ? null : caller.userId();
        String only = status == null || status.isBlank() ? null : status;
        if (only != null && !Ticket.STATUSES.contains(only)) {
            throw ClientError.badRequest("status must be one of " + Ticket.STATUSES);
        }
        int size = Paging.limit(limit, SupportReadModel.LISTED_TICKETS, SupportReadModel.LISTED_TICKETS);
        return support.tickets(owner, only, cursor(owner, before, beforeUpdatedAt), size).stream().map(SupportViews::ticket).toList();
    }

    private TicketCursor cursor(String owner, String before, String beforeUpdatedAt) {
        if (before == null || before.isBlank()) {
            if (beforeUpdatedAt != null && !beforeUpdatedAt.isBlank()) {
                throw ClientError.badRequest("beforeUpdatedAt goes with before");
            }
            return null;
        }
        String ticketId = Payloads.requireId(before, "before");
        if (beforeUpdatedAt != null && !beforeUpdatedAt.isBlank()) {
            try {
                return new TicketCursor(Instant.parse(beforeUpdatedAt), ticketId);
            } catch (DateTimeParseException e) {
                throw ClientError.badRequest("beforeUpdatedAt must be an ISO-8601 time, as the ticket's updatedAt");
            }
        }
        return support.ticket(ticketId)
                .filter(ticket -> owner == null || ticket.owner().equals(owner))
                .map(TicketCursor::at)
                .orElseThrow(() -> ClientError.badRequest("before names no ticket of this list"));
    }

    /** History, newest first: {@code ?before=<messageId>&limit=50}; owner or admin. */
    @GetMapping("/api/support/tickets/{ticketId}/messages")
    SupportMessagePage messages(AuthenticatedUser caller, @PathVariable String ticketId, @RequestParam(required = false) String before,
                                 @RequestParam(required = false) Integer limit) {
        Payloads.requireId(ticketId, "ticketId");
        Ticket ticket = support.ticket(ticketId).orElseThrow(() -> ClientError.notFound("no such ticket"));
        Authorization.require(Operation.TICKET_HISTORY, caller, Authorization.Ownership.of(ticket.owner().equals(caller.userId())));
        HistoryPage<SupportMessage> page = SeqPage.found(support.history(ticketId, SeqPage.cursor(before), SeqPage.size(limit)));
        return new SupportMessagePage(page.messages().stream().map(SupportViews::message).toList(), page.hasMore());
    }

    /** Every event of the ticket, from the projector's audit index of its log records (admins only). */
    @GetMapping("/api/support/tickets/{ticketId}/audit")
    TicketAuditView audit(AuthenticatedUser caller, @PathVariable String ticketId) {
        Authorization.requireRole(Operation.TICKET_AUDIT, caller);
        Payloads.requireId(ticketId, "ticketId");
        List<Map<String, Object>> events = audit.of(ticketId);
        if (events.isEmpty()) {
            throw ClientError.notFound("the audit index has nothing about this ticket");
        }
        return new TicketAuditView(ticketId, events);
    }
}
