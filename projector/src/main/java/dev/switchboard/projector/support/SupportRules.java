package dev.switchboard.projector.support;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.MediaUrls;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.events.support.SupportAction;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.projector.auth.EnvelopeActor;

import java.util.List;
import java.util.Optional;

import static dev.switchboard.events.Refusal.refuse;

/**
 * The support rules, each a named check of an action against its ticket's state returning a refusal or nothing.
 * Each action has one list of them, asked in order; the first refusal wins. Adding a rule is adding a constant here
 * and listing it. The allowed values are lists, so that a refusal names them in the same order on every run.
 */
public final class SupportRules {
    public static final int MAX_CONTENT = 5000;
    public static final int MAX_SUBJECT = 200;
    public static final List<String> MESSAGE_TYPES = List.of("text", "image", "document", "file", "system");
    public static final List<String> OPENER_ROLES = List.of("client", "provider");

    @FunctionalInterface
    public interface Rule<A extends SupportAction> {
        Optional<Refusal> check(TicketState state, A action);
    }

    private SupportRules() {
    }

    // opening a ticket

    public static final Rule<TicketOpened> OPENER_IS_CLIENT_OR_PROVIDER = (state, o) -> OPENER_ROLES.contains(o.ownerRole())
            ? Optional.empty() : refuse(ErrorCode.FORBIDDEN, "clients and providers open tickets");

    public static final Rule<TicketOpened> SUBJECT_FITS = (state, o) -> o.subject() == null || o.subject().isBlank() || o.subject().length() > MAX_SUBJECT
            ? refuse(ErrorCode.BAD_REQUEST, "subject is required, at most " + MAX_SUBJECT + " characters") : Optional.empty();

    public static final Rule<TicketOpened> FIRST_MESSAGE_IS_GIVEN = (state, o) -> contentIsGiven(o.message());

    public static final Rule<TicketOpened> FIRST_MESSAGE_FITS = (state, o) -> contentFits(o.message());

    // what a message says

    public static final Rule<SupportMessageSubmitted> KNOWN_MESSAGE_TYPE = (state, s) -> MESSAGE_TYPES.contains(s.messageType())
            ? Optional.empty() : refuse(ErrorCode.BAD_REQUEST, "messageType must be one of " + MESSAGE_TYPES);

    public static final List<String> FILE_TYPES = List.of("image", "document", "file");

    /** A message says something, but an image, document or file may come with its attachments alone. */
    public static final Rule<SupportMessageSubmitted> CONTENT_IS_GIVEN = (state, s) -> FILE_TYPES.contains(s.messageType()) && !s.attachments().isEmpty()
            ? Optional.empty() : contentIsGiven(s.content());

    public static final Rule<SupportMessageSubmitted> ATTACHMENTS_FIT = (state, s) -> {
        if (s.attachments().size() > MediaUrls.MAX_PER_MESSAGE) {
            return refuse(ErrorCode.BAD_REQUEST, "at most " + MediaUrls.MAX_PER_MESSAGE + " attachments");
        }
        return s.attachments().stream().anyMatch(url -> url.isBlank() || url.length() > MediaUrls.MAX_LENGTH || !MediaUrls.isAllowed(url))
                ? refuse(ErrorCode.BAD_REQUEST, "an attachment is an http or https URL, or a relative one, of 1 to " + MediaUrls.MAX_LENGTH + " characters")
                : Optional.empty();
    };

    public static final Rule<SupportMessageSubmitted> CONTENT_FITS = (state, s) -> s.content() == null ? Optional.empty() : contentFits(s.content());

    // who may do what to a ticket

    public static final Rule<SupportAction> TICKET_EXISTS = (state, action) -> state.ticket() == null
            ? refuse(ErrorCode.NOT_FOUND, "no such ticket") : Optional.empty();

    /** The acting user (sender, joiner, reader) owns the ticket or is an admin. */
    public static final Rule<SupportAction> OWNER_OR_ADMIN = (state, action) -> {
        EnvelopeActor.Claim acting = EnvelopeActor.claimOf(action);
        return "admin".equals(acting.role()) || state.ticket().owner().equals(acting.userId())
                ? Optional.empty() : refuse(ErrorCode.FORBIDDEN, "only the ticket's owner or an admin");
    };

    public static final Rule<SupportAction> TICKET_IS_NOT_CLOSED = (state, action) -> Ticket.CLOSED.equals(state.ticket().status())
            ? refuse(ErrorCode.RULE_VIOLATION, "the ticket is closed") : Optional.empty();

    /** The message read is one of the ticket's (a message of another ticket is not found either). */
    public static final Rule<SupportMessageRead> MESSAGE_EXISTS = (state, r) -> state.message(r.messageId()).isEmpty()
            ? refuse(ErrorCode.NOT_FOUND, "no such message") : Optional.empty();

    public static final Rule<TicketChangeRequested> ADMINS_ONLY = (state, c) -> "admin".equals(c.role())
            ? Optional.empty() : refuse(ErrorCode.FORBIDDEN, "admins only");

    public static final Rule<TicketChangeRequested> KNOWN_STATUS = (state, c) -> c.status() == null || Ticket.STATUSES.contains(c.status())
            ? Optional.empty() : refuse(ErrorCode.BAD_REQUEST, "status must be one of " + Ticket.STATUSES);

    /** An assignee is an admin: a user whose role is unknown is not found, any other role is refused. */
    public static final Rule<TicketChangeRequested> ASSIGNEE_IS_ADMIN = (state, c) -> {
        if (c.assignee() == null || c.assignee().equals(TicketChangeRequested.CLEAR_ASSIGNEE)) {
            return Optional.empty();
        }
        if (c.assigneeRole() == null) {
            return refuse(ErrorCode.NOT_FOUND, "no such admin: the assignee has never connected and the identity service has not registered them");
        }
        return "admin".equals(c.assigneeRole()) ? Optional.empty() : refuse(ErrorCode.BAD_REQUEST, "the assignee must be an admin, not a " + c.assigneeRole());
    };

    public static List<Rule<? super TicketOpened>> openingRules() {
        return List.of(OPENER_IS_CLIENT_OR_PROVIDER, SUBJECT_FITS, FIRST_MESSAGE_IS_GIVEN, FIRST_MESSAGE_FITS);
    }

    public static List<Rule<? super SupportMessageSubmitted>> messageRules() {
        return List.of(KNOWN_MESSAGE_TYPE, CONTENT_IS_GIVEN, CONTENT_FITS, ATTACHMENTS_FIT, TICKET_EXISTS, OWNER_OR_ADMIN, TICKET_IS_NOT_CLOSED);
    }

    public static List<Rule<? super TicketJoinRequested>> joinRules() {
        return List.of(TICKET_EXISTS, OWNER_OR_ADMIN);
    }

    public static List<Rule<? super SupportMessageRead>> readRules() {
        return List.of(MESSAGE_EXISTS, TICKET_EXISTS, OWNER_OR_ADMIN);
    }

    public static List<Rule<? super TicketChangeRequested>> changeRules() {
        return List.of(ADMINS_ONLY, TICKET_EXISTS, KNOWN_STATUS, ASSIGNEE_IS_ADMIN);
    }

    /** The first refusal of {@code rules}, in order, or nothing if every rule allows the action. */
    public static <A extends SupportAction> Optional<Refusal> firstRefusal(List<Rule<? super A>> rules, TicketState state, A action) {
        return Refusal.first(rules, rule -> rule.check(state, action));
    }

    private static Optional<Refusal> contentIsGiven(String content) {
        return content == null || content.isBlank() ? refuse(ErrorCode.BAD_REQUEST, "content is required") : Optional.empty();
    }

    private static Optional<Refusal> contentFits(String content) {
        return content.length() > MAX_CONTENT ? refuse(ErrorCode.BAD_REQUEST, "content is at most " + MAX_CONTENT + " characters") : Optional.empty();
    }
}
