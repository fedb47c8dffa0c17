package dev.switchboard.readmodels.notification;

import dev.switchboard.events.notification.Notification;
import org.bson.Document;

import java.util.Map;

/** The BSON form of notifications in the read model (written by the projector, read by the gateway). */
public final class NotificationDocuments {
    private NotificationDocuments() {
    }

    @SuppressWarnings("unchecked")
    public static Notification notification(Document doc) {
        Document data = doc.get("data", Document.class);
        return new Notification(doc.getObjectId("_id").toHexString(), doc.getString("user"), doc.getString("type"),
                doc.getString("title"), doc.getString("message"), data == null ? Map.of() : (Map<String, Object>) (Map<?, ?>) data,
                doc.getBoolean("isRead", false), doc.getBoolean("delivered", false), doc.getDate("createdAt").toInstant());
    }
}
