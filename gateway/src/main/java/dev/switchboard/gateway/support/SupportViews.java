package dev.switchboard.gateway.support;

import dev.switchboard.events.Times;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.Ticket;

import java.util.LinkedHashMap;
import java.util.Map;

/** The contract's support shapes (docs/PROTOCOL.md §7) and room names. */
final class SupportViews {
    static final String DASHBOARD = "support_dashboard";

    private SupportViews() {
    }

    static String ticketRoom(String ticketId) {
        return "support_ticket_" + ticketId;
    }

    /** The {@code data} of {@code new-support-message}, field by field as the contract shows it. */
    static Map<String, Object> message(SupportMessage m) {
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("_id", m.sender().id());
        sender.put("fullName", m.sender().fullName());
        sender.put("profilePhoto", Map.of("url", m.sender().profilePhoto() == null ? "" : m.sender().profilePhoto()));
        sender.put("role", m.sender().role());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("text", m.text());
        content.put("attachments", m.attachments());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("_id", m.id());
        data.put("ticket", m.ticket());
        data.put("sender", sender);
        data.put("senderRole", m.senderRole());
        data.put("content", content);
        data.put("messageType", m.messageType());
        data.put("isRead", m.isRead());
        data.put("readBy", m.readBy());
        data.put("createdAt", Times.iso(m.createdAt()));
        if (m.clientMessageId() != null) {
            data.put("clientMessageId", m.clientMessageId());
        }
        return data;
    }

    /** The {@code new-support-message} payload: {@code { event: "new-support-message", data }}. */
    static Map<String, Object> newSupportMessage(SupportMessage m) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "new-support-message");
        payload.put("data", message(m));
        return payload;
    }

    static Map<String, Object> ticket(Ticket t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("_id", t.id());
        view.put("owner", t.owner());
        view.put("subject", t.subject());
        view.put("status", t.status());
        view.put("assignee", t.assignee());
        view.put("createdAt", Times.iso(t.createdAt()));
        view.put("updatedAt", Times.iso(t.updatedAt()));
        return view;
    }
}
