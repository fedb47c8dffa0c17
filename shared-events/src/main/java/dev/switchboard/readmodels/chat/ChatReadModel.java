package dev.switchboard.readmodels.chat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.Message;
import dev.switchboard.readmodels.HistoryPage;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Instant;
import java.util.Date;

/**
 * The chat read models: the {@code chats} and {@code messages} collections, their indexes, and the queries the gateway
 * and the projector both ask (the projector's batch loads and writes stay in its {@code ChatStore}).
 * <ul>
 *   <li>{@code chats}: {@code { _id: chatId, participants, roles, status, blockedBy, lastMessage, lastActivityAt, createdAt,
 *       messageCount, createdBy, statusChanges, applied }} ({@code blockedBy} only while someone's block stands); indexes {@code participants} and
 *       {@code (participants, lastActivityAt desc)}. {@code applied} ({@link #LAST_WRITE}) is the projector's record of
 *       the batch that last wrote the document; queries that show chats leave it out.</li>
 *   <li>{@code messages}: the message ({@link #toBson(Message)}) plus {@code seq}, {@code deliveredBy}, {@code readBy},
 *       {@code clientKey}; indexes {@code (chat, seq desc)} (history), {@code (receiver, chat, delivered)} and
 *       {@code (receiver, chat, isRead)} (delivery and unread), {@code clientKey} unique sparse (idempotent sends).</li>
 * </ul>
 */
public final class ChatReadModel {
    public static final String CHATS = "chats";
    public static final String MESSAGES = "messages";
    /** A chat's record of the poll batch that last wrote it: its actions and the chat before them (projector's {@code ChatStore}). */
    public static final String LAST_WRITE = "applied";
    /** A chat's standing blocks ({@link Chat#blockedBy()}); absent when there are none. */
    public static final String BLOCKED_BY = "blockedBy";
    private static final Bson WITHOUT_LAST_WRITE = Projections.exclude(LAST_WRITE);

    public static final List<IndexModel> CHAT_INDEXES = List.of(
            new IndexModel(Indexes.ascending("participants")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("participants"), Indexes.descending("lastActivityAt"))));

    public static final List<IndexModel> MESSAGE_INDEXES = List.of(
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("chat"), Indexes.descending("seq"))),
            new IndexModel(Indexes.ascending("receiver", "chat", "delivered")),
            new IndexModel(Indexes.ascending("receiver", "chat", "isRead")),
            // sparse unique on one field: only messages sent with a clientMessageId carry clientKey (sender + client id)
            new IndexModel(Indexes.ascending("clientKey"), new IndexOptions().unique(true).sparse(true)));

    /**
     * The {@code clientKey} of a message sent with a {@code clientMessageId}: unique per sender and chat (kept in the
     * sparse unique index above), so a resend finds its original. Per chat because it has one writer (its partition's
     * projector), so two projectors never race on one key.
     */
    public static String clientKey(String senderId, String chatId, String clientMessageId) {
        return senderId + "\n" + chatId + "\n" + clientMessageId;
    }

    /** A chat of a user's list, with how many of its messages to that user are unread. */
    public record ChatWithUnread(Chat chat, long unreadCount) {
    }

    private final MongoCollection<Document> chats;
    private final MongoCollection<Document> messages;

    public ChatReadModel(MongoDatabase database) {
        this.chats = database.getCollection(CHATS);
        this.messages = database.getCollection(MESSAGES);
    }

    public Optional<Chat> chat(String chatId) {
        return Optional.ofNullable(chats.find(Filters.eq("_id", chatId)).projection(WITHOUT_LAST_WRITE).first()).map(ChatReadModel::chatFrom);
    }

    /** For each of {@code userIds}, everyone who shares a chat with them, in one query; a user without chats is absent. */
    public Map<String, List<String>> partnersOfEach(Collection<String> userIds) {
        Set<String> asked = Set.copyOf(userIds);
        Map<String, Set<String>> partners = new HashMap<>();
        for (Document chat : chats.find(Filters.in("participants", asked)).projection(Projections.include("participants"))) {
            List<String> participants = chat.getList("participants", String.class, List.of());
            for (String participant : participants) {
                if (asked.contains(participant)) {
                    Set<String> theirs = partners.computeIfAbsent(participant, p -> new LinkedHashSet<>());
                    participants.stream().filter(other -> !other.equals(participant)).forEach(theirs::add);
                }
            }
        }
        Map<String, List<String>> result = new HashMap<>();
        partners.forEach((user, theirs) -> result.put(user, List.copyOf(theirs)));
        return result;
    }

    /**
     * The user's chats, newest activity first, each with its unread count for them: two queries whatever the number of
     * chats (the chats, and one aggregation counting the user's unread messages by chat).
     */
    public List<ChatWithUnread> chatsOf(String userId) {
        Map<String, Long> unread = unreadByChat(userId);
        List<ChatWithUnread> result = new ArrayList<>();
        for (Document doc : chats.find(Filters.eq("participants", userId)).projection(WITHOUT_LAST_WRITE).sort(Sorts.descending("lastActivityAt"))) {
            Chat chat = ChatReadModel.chatFrom(doc);
            result.add(new ChatWithUnread(chat, unread.getOrDefault(chat.id(), 0L)));
        }
        return result;
    }

    private Map<String, Long> unreadByChat(String userId) {
        Map<String, Long> unread = new HashMap<>();
        for (Document count : messages.aggregate(List.of(
                Aggregates.match(Filters.and(Filters.eq("receiver", userId), Filters.eq("isRead", false))),
                Aggregates.group("$chat", Accumulators.sum("unread", 1))))) {
            unread.put(count.getString("_id"), ((Number) count.get("unread")).longValue());
        }
        return unread;
    }

    /** A page of the chat's history; empty when {@code before} names no message of this chat. */
    public Optional<HistoryPage<Message>> history(String chatId, ObjectId before, int limit) {
        return HistoryPage.of(messages, "chat", chatId, before, limit, ChatReadModel::messageFrom);
    }

    // ---- the documents: field names are the contract's

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

    public static Message messageFrom(Document d) {
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

    public static Chat chatFrom(Document d) {
        Document last = d.get("lastMessage", Document.class);
        return new Chat(d.getString("_id"), d.getList("participants", String.class), d.getString("status"),
                last == null ? null : messageFrom(last), instant(d.getDate("createdAt")), d.getList(BLOCKED_BY, String.class, List.of()));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
