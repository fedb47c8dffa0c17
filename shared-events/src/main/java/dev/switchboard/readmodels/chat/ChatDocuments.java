package dev.switchboard.readmodels.chat;

import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.Message;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The BSON form of chats and messages in the read models, shared by the projector (which writes them) and the
 * gateway (which reads them for queries). Field names are the contract's.
 */
public final class ChatDocuments {
    private ChatDocuments() {
    }

    public static Document toBson(Message m) {
        Document sender = new Document("_id", m.sender().id()).append("fullName", m.sender().fullName())
                .append("profilePhoto", new Document("url", m.sender().profilePhoto())).append("role", m.sender().role());
        List<Document> media = m.media().stream().map(x -> new Document("url", x.url()).append("type", x.type())
                .append("name", x.name()).append("size", x.size())).toList();
        return new Document("_id", new ObjectId(m.id())).append("chat", m.chat()).append("sender", sender)
                .append("receiver", m.receiver()).append("content", m.content()).append("messageType", m.messageType())
                .append("media", media).append("clientMessageId", m.clientMessageId())
                .append("delivered", m.delivered()).append("deliveredAt", date(m.deliveredAt()))
                .append("isRead", m.isRead()).append("readAt", date(m.readAt())).append("createdAt", date(m.createdAt()));
    }

    public static Message message(Document d) {
        Document sender = d.get("sender", Document.class);
        Document photo = sender.get("profilePhoto", Document.class);
        Object id = d.get("_id");
        List<Message.Media> media = d.getList("media", Document.class, List.of()).stream()
                .map(x -> new Message.Media(x.getString("url"), x.getString("type"), x.getString("name"),
                        x.get("size") == null ? null : ((Number) x.get("size")).longValue()))
                .toList();
        return new Message(id instanceof ObjectId oid ? oid.toHexString() : String.valueOf(id), d.getString("chat"),
                new Message.Sender(sender.getString("_id"), sender.getString("fullName"), photo == null ? null : photo.getString("url"),
                        sender.getString("role")),
                d.getString("receiver"), d.getString("content"), d.getString("messageType"), media, d.getString("clientMessageId"),
                d.getBoolean("delivered", false), instant(d.getDate("deliveredAt")), d.getBoolean("isRead", false),
                instant(d.getDate("readAt")), instant(d.getDate("createdAt")));
    }

    public static Chat chat(Document d) {
        Document last = d.get("lastMessage", Document.class);
        return new Chat(d.getString("_id"), d.getList("participants", String.class), d.getString("status"),
                last == null ? null : message(last), instant(d.getDate("createdAt")));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
