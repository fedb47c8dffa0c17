package dev.switchboard.gateway.support;

import dev.switchboard.events.Times;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.gateway.web.SenderView;

/** The contract's support shapes (docs/PROTOCOL.md §7) and room names. */
final class SupportViews {
    static final String DASHBOARD = "support_dashboard";

    private SupportViews() {
    }

    static String ticketRoom(String ticketId) {
        return "support_ticket_" + ticketId;
    }

    /** The {@code data} of {@code new-support-message}. */
    static SupportMessageView message(SupportMessage m) {
        return new SupportMessageView(m.id(), m.ticket(),
                SenderView.of(m.sender().id(), m.sender().fullName(), m.sender().profilePhoto(), m.sender().role()),
                m.senderRole(), new SupportMessageView.Content(m.text(), m.attachments()), m.messageType(), m.isRead(), m.readBy(),
                Times.iso(m.createdAt()), m.clientMessageId());
    }

    /** The {@code new-support-message} payload: {@code { event: "new-support-message", data }}. */
    static NewSupportMessage newSupportMessage(SupportMessage m) {
        return NewSupportMessage.of(message(m));
    }

    static TicketView ticket(Ticket t) {
        return new TicketView(t.id(), t.owner(), t.subject(), t.status(), t.assignee(), Times.iso(t.createdAt()), Times.iso(t.updatedAt()));
    }
}
