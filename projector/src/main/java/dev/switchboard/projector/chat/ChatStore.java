package dev.switchboard.projector.chat;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatDocuments;
import dev.switchboard.events.chat.Message;
import dev.switchboard.projector.store.ReadModels;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The {@code chats} and {@code messages} collections.
 * <ul>
 *   <li>{@code chats}: {@code { _id: chatId, participants, roles, status, lastMessage, lastActivityAt, createdAt, messageCount }};
 *       indexes {@code participants} (a user's chats) and {@code (participants, lastActivityAt desc)} (newest activity first).</li>
 *   <li>{@code messages}: the message object plus {@code seq} (order in the chat, from the log) and the ids of the actions
 *       that delivered / read it; indexes {@code (chat, seq desc)} (history), {@code (receiver, chat, delivered)},
 *       {@code (receiver, chat, isRead)} (delivery and unread), {@code clientKey} = sender id + chat id + client message id, unique sparse (idempotent sends).</li>
 * </ul>
 */
@Component
public class ChatStore {
    public static final String CHATS = "chats";
    public static final String MESSAGES = "messages";

    private final MongoCollection<Document> chats;
    private final MongoCollection<Document> messages;

    public ChatStore(ReadModels readModels) {
        this.chats = readModels.collection(CHATS);
        this.messages = readModels.collection(MESSAGES);
        chats.createIndex(Indexes.ascending("participants"));
        chats.createIndex(Indexes.compoundIndex(Indexes.ascending("participants"), Indexes.descending("lastActivityAt")));
        messages.createIndex(Indexes.compoundIndex(Indexes.ascending("chat"), Indexes.descending("seq")));
        messages.createIndex(Indexes.ascending("receiver", "chat", "delivered"));
        messages.createIndex(Indexes.ascending("receiver", "chat", "isRead"));
        // sparse unique on one field: only messages sent with a clientMessageId carry clientKey (sender + client id)
        messages.createIndex(Indexes.ascending("clientKey"), new IndexOptions().unique(true).sparse(true));
    }

    public Optional<Chat> chat(String chatId) {
        return Optional.ofNullable(chats.find(Filters.eq("_id", chatId)).first()).map(ChatDocuments::chat);
    }

    public long messageCount(String chatId) {
        Document doc = chats.find(Filters.eq("_id", chatId)).projection(Projections.include("messageCount")).first();
        return doc == null ? 0 : ((Number) doc.get("messageCount", 0L)).longValue();
    }

    public void createChat(Chat chat, List<String> roles) {
        Document roleByUser = new Document();
        for (int i = 0; i < chat.participants().size(); i++) {
            roleByUser.append(chat.participants().get(i), roles.get(i));
        }
        try {
            chats.insertOne(new Document("_id", chat.id()).append("participants", chat.participants()).append("roles", roleByUser)
                    .append("status", chat.status()).append("lastMessage", null).append("lastActivityAt", Date.from(chat.createdAt()))
                    .append("createdAt", Date.from(chat.createdAt())).append("messageCount", 0L));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public void setStatus(String chatId, String status) {
        chats.updateOne(Filters.eq("_id", chatId), Updates.set("status", status));
    }

    public Optional<Message> message(String messageId) {
        return Optional.ofNullable(messages.find(Filters.eq("_id", new ObjectId(messageId))).first()).map(ChatDocuments::message);
    }

    public Optional<Message> byClientMessageId(String senderId, String chatId, String clientMessageId) {
        return Optional.ofNullable(messages.find(Filters.eq("clientKey", clientKey(senderId, chatId, clientMessageId))).first())
                .map(ChatDocuments::message);
    }

    /** A message to store as number {@code seq} of its chat. */
    public record NewMessage(Message message, long seq) {
    }

    /**
     * Stores a batch of messages in one unordered insert (those already stored, from a re-run batch, are left as
     * they are) and makes the last of each chat its last message, one update per chat.
     */
    public void postAll(List<NewMessage> posts) {
        if (posts.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>(posts.size());
        java.util.Map<String, NewMessage> lastByChat = new java.util.LinkedHashMap<>();
        for (NewMessage post : posts) {
            Document doc = ChatDocuments.toBson(post.message()).append("seq", post.seq());
            if (post.message().clientMessageId() != null) {
                doc.append("clientKey", clientKey(post.message().sender().id(), post.message().chat(), post.message().clientMessageId()));
            }
            docs.add(doc);
            lastByChat.put(post.message().chat(), post);
        }
        try {
            messages.insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            boolean onlyDuplicates = e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates) {
                throw e;
            }
        }
        List<com.mongodb.client.model.WriteModel<Document>> heads = new ArrayList<>(lastByChat.size());
        for (NewMessage last : lastByChat.values()) {
            heads.add(new com.mongodb.client.model.UpdateOneModel<>(Filters.eq("_id", last.message().chat()), Updates.combine(
                    Updates.max("messageCount", last.seq()),
                    Updates.set("lastMessage", ChatDocuments.toBson(last.message())),
                    Updates.set("lastActivityAt", Date.from(last.message().createdAt())))));
        }
        chats.bulkWrite(heads, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
    }

    /** Per sender and chat: a chat has one writer, so two projectors can never race on the same key. */
    private static String clientKey(String senderId, String chatId, String clientMessageId) {
        return senderId + "\n" + chatId + "\n" + clientMessageId;
    }

    /** Marks the user's undelivered incoming messages of the chat delivered by {@code actionId}; returns their ids. */
    public List<String> deliver(String chatId, String userId, String actionId, Instant at) {
        messages.updateMany(Filters.and(Filters.eq("chat", chatId), Filters.eq("receiver", userId), Filters.eq("delivered", false)),
                Updates.combine(Updates.set("delivered", true), Updates.set("deliveredAt", Date.from(at)), Updates.set("deliveredBy", actionId)));
        chats.updateOne(Filters.and(Filters.eq("_id", chatId), Filters.eq("lastMessage.receiver", userId), Filters.eq("lastMessage.delivered", false)),
                Updates.combine(Updates.set("lastMessage.delivered", true), Updates.set("lastMessage.deliveredAt", Date.from(at))));
        List<String> ids = new ArrayList<>();
        for (Document doc : messages.find(Filters.and(Filters.eq("chat", chatId), Filters.eq("deliveredBy", actionId)))
                .projection(Projections.include("_id")).sort(Indexes.ascending("seq"))) {
            ids.add(doc.getObjectId("_id").toHexString());
        }
        return ids;
    }

    /** Marks the user's unread incoming messages of the chat read by {@code actionId}; returns how many. */
    public long read(String chatId, String userId, String actionId, Instant at) {
        messages.updateMany(Filters.and(Filters.eq("chat", chatId), Filters.eq("receiver", userId), Filters.eq("isRead", false)),
                Updates.combine(Updates.set("isRead", true), Updates.set("readAt", Date.from(at)), Updates.set("readBy", actionId)));
        chats.updateOne(Filters.and(Filters.eq("_id", chatId), Filters.eq("lastMessage.receiver", userId), Filters.eq("lastMessage.isRead", false)),
                Updates.combine(Updates.set("lastMessage.isRead", true), Updates.set("lastMessage.readAt", Date.from(at))));
        return messages.countDocuments(Filters.and(Filters.eq("chat", chatId), Filters.eq("readBy", actionId)));
    }
}
