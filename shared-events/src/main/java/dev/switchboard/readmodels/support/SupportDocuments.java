package dev.switchboard.readmodels.support;

import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.Ticket;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/** The BSON form of tickets and support messages in the read models (written by the projector, read by the gateway). */
public final class SupportDocuments {
    private SupportDocuments() {
    }

    public static Document toBson(Ticket t) {
        return new Document("_id", new ObjectId(t.id())).append("owner", t.owner()).append("ownerRole", t.ownerRole())
                .append("subject", t.subject()).append("status", t.status()).append("assignee", t.assignee())
                .append("createdAt", Date.from(t.createdAt())).append("updatedAt", Date.from(t.updatedAt()));
    }

    public static Ticket ticket(Document d) {
        return new Ticket(d.getObjectId("_id").toHexString(), d.getString("owner"), d.getString("ownerRole"), d.getString("subject"),
                d.getString("status"), d.getString("assignee"), instant(d.getDate("createdAt")), instant(d.getDate("updatedAt")));
    }

    public static Document toBson(SupportMessage m) {
        Document sender = new Document("_id", m.sender().id()).append("fullName", m.sender().fullName())
                .append("profilePhoto", new Document("url", m.sender().profilePhoto())).append("role", m.sender().role());
        Document doc = new Document("_id", new ObjectId(m.id())).append("ticket", m.ticket()).append("sender", sender)
                .append("senderRole", m.senderRole())
                .append("content", new Document("text", m.text()).append("attachments", m.attachments()))
                .append("messageType", m.messageType()).append("isRead", m.isRead()).append("readBy", m.readBy())
                .append("createdAt", Date.from(m.createdAt()));
        if (m.clientMessageId() != null) {
            doc.append("clientMessageId", m.clientMessageId());
        }
        return doc;
    }

    public static SupportMessage message(Document d) {
        Document sender = d.get("sender", Document.class);
        Document photo = sender.get("profilePhoto", Document.class);
        Document content = d.get("content", Document.class);
        return new SupportMessage(d.getObjectId("_id").toHexString(), d.getString("ticket"),
                new SupportMessage.Sender(sender.getString("_id"), sender.getString("fullName"), photo == null ? null : photo.getString("url"),
                        sender.getString("role")),
                d.getString("senderRole"), content.getString("text"), content.getList("attachments", String.class, List.of()),
                d.getString("messageType"), d.getBoolean("isRead", false), d.getList("readBy", String.class, List.of()),
                instant(d.getDate("createdAt")), d.getString("clientMessageId"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
