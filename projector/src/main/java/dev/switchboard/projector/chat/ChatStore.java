package dev.switchboard.projector.chat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.Message;
import dev.switchboard.projector.chat.ChatBatch.Receiver;
import dev.switchboard.projector.chat.ChatState.Head;
import dev.switchboard.projector.chat.ChatState.LastWrite;
import dev.switchboard.projector.chat.ChatState.StoredHead;
import dev.switchboard.projector.chat.ChatState.StatusChange;
import dev.switchboard.projector.chat.ChatState.StoredMessage;
import dev.switchboard.projector.store.OwnerEpoch;
import dev.switchboard.readmodels.chat.ChatReadModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The projector's reads and writes of the chat read models ({@link ChatReadModel}: collections, fields, indexes).
 * Reads load a batch's state ({@link #heads}, {@link #byClientKeys}, {@link #unsettled}); {@link #save} writes what
 * the batch changed: one insert of the new messages, one bulk write of marks, one bulk write of chat heads. Besides the
 * shared fields, chats carry {@code roles}, {@code messageCount}, {@code createdBy}, {@code statusChanges} and
 * {@code applied} (the actions of the batch that last wrote the head and the head before them), messages {@code seq},
 * {@code clientKey} and the ids of the actions that delivered / read them ({@code deliveredBy} / {@code readBy}), so a
 * re-run batch can tell its own effects.
 */
@Component
public class ChatStore {
    private static final String APPLIED = ChatReadModel.LAST_WRITE;
    private final MongoCollection<Document> chats;
    private final MongoCollection<Document> messages;
    private final OwnerEpoch owner;

    public ChatStore(MongoDatabase database, OwnerEpoch owner) {
        this.owner = owner;
        this.chats = database.getCollection(ChatReadModel.CHATS);
        this.messages = database.getCollection(ChatReadModel.MESSAGES);
        chats.createIndexes(ChatReadModel.CHAT_INDEXES);
        messages.createIndexes(ChatReadModel.MESSAGE_INDEXES);
    }

    // ---- reads: one query each, for a whole batch

    /** The stored heads of these chats, by chat id (absent: no such chat). */
    public Map<String, StoredHead> heads(Collection<String> chatIds) {
        Map<String, StoredHead> heads = new HashMap<>();
        for (Document doc : chats.find(Filters.in("_id", chatIds))) {
            heads.put(doc.getString("_id"), new StoredHead(head(doc), lastWrite(doc)));
        }
        return heads;
    }

    /** The stored messages with these {@code clientKey}s (the originals of resends). */
    public List<StoredMessage> byClientKeys(Collection<String> clientKeys) {
        List<StoredMessage> found = new ArrayList<>();
        for (Document doc : messages.find(Filters.in("clientKey", clientKeys))) {
            found.add(storedMessage(doc));
        }
        return found;
    }

    /**
     * The joiners' undelivered and the readers' unread incoming messages, one query per chat; and those that the given
     * joins / reads marked, which an earlier run of the batch may have done (whatever the batch's head says: a re-run
     * cut shorter than the first run has written the head again without them), so that they can be taken as they were
     * before the batch.
     */
    public List<StoredMessage> unsettled(Map<Receiver, Set<String>> joins, Map<Receiver, Set<String>> reads) {
        Set<Receiver> receivers = new LinkedHashSet<>(joins.keySet());
        receivers.addAll(reads.keySet());
        if (receivers.isEmpty()) {
            return List.of();
        }
        Map<Receiver, Bson> flags = new LinkedHashMap<>();
        for (Receiver receiver : receivers) {
            List<Bson> unsettled = new ArrayList<>(4);
            if (joins.containsKey(receiver)) {
                unsettled.add(Filters.eq("delivered", false));
                unsettled.add(Filters.in("deliveredBy", joins.get(receiver)));
            }
            if (reads.containsKey(receiver)) {
                unsettled.add(Filters.eq("isRead", false));
                unsettled.add(Filters.in("readBy", reads.get(receiver)));
            }
            flags.put(receiver, Filters.or(unsettled));
        }
        // one query per chat, led by a plain equality on {@code chat}: an $or across chats would make the embedded
        // store scan every message (it narrows a query only by an equality on an index's leading field)
        Map<String, Map<Receiver, Bson>> byChat = new LinkedHashMap<>();
        flags.forEach((receiver, flag) -> byChat.computeIfAbsent(receiver.chatId(), c -> new LinkedHashMap<>()).put(receiver, flag));
        List<StoredMessage> found = new ArrayList<>();
        byChat.forEach((chatId, chatFlags) -> {
            List<Bson> clauses = new ArrayList<>(chatFlags.size());
            chatFlags.forEach((receiver, flag) -> clauses.add(Filters.and(Filters.eq("receiver", receiver.userId()), flag)));
            for (Document doc : messages.find(Filters.and(Filters.eq("chat", chatId), clauses.size() == 1 ? clauses.get(0) : Filters.or(clauses)))) {
                found.add(storedMessage(doc));
            }
        });
        return found;
    }

    /** The chat's last stored message not among {@code excluded} (asked only when re-running a batch that posted to it). */
    public Optional<StoredMessage> lastMessageBefore(String chatId, Collection<String> excluded) {
        List<ObjectId> ids = excluded.stream().filter(ObjectId::isValid).map(ObjectId::new).toList();
        return Optional.ofNullable(messages.find(Filters.and(Filters.eq("chat", chatId), Filters.nin("_id", ids)))
                .sort(Sorts.descending("seq")).limit(1).first()).map(ChatStore::storedMessage);
    }

    // ---- writes: what the batch changed, from its state before and after

    private record Mark(boolean delivered, String actionId, Instant at) {
    }

    /**
     * Stores the difference between the batch's chats before and after it: new messages in one unordered insert (those
     * already stored by an earlier run of the batch are left as they are), the marks on stored messages, and on new
     * ones that the batch marked (an earlier run may have stored them unmarked), in one bulk write ({@code _id $in} per
     * marking action), the changed heads in one bulk write, each with its {@link LastWrite}: the batch's actions on the
     * chat ({@code actionIds}) and the head before them, fenced by this process's {@link OwnerEpoch} (messages and
     * marks need no fence: a superseded process writes the same ones, and a mark is never taken back).
     */
    public void save(Map<String, ChatState> before, Map<String, ChatState> after, Function<String, List<String>> actionIds) {
        long epoch = owner.current();
        List<Document> inserts = new ArrayList<>();
        Map<Mark, List<ObjectId>> marks = new LinkedHashMap<>();
        List<WriteModel<Document>> heads = new ArrayList<>();
        for (ChatState next : after.values()) {
            ChatState previous = before.get(next.chatId());
            if (next.equals(previous) || !next.exists()) {
                continue;
            }
            Map<String, StoredMessage> known = new HashMap<>();
            previous.messages().forEach(m -> known.put(m.id(), m));
            for (StoredMessage message : next.messages()) {
                StoredMessage was = known.get(message.id());
                if (was == null) {
                    inserts.add(toBson(message));
                }
                if (message.deliveredBy() != null && (was == null || !message.deliveredBy().equals(was.deliveredBy()))) {
                    marks.computeIfAbsent(new Mark(true, message.deliveredBy(), message.message().deliveredAt()), k -> new ArrayList<>())
                            .add(new ObjectId(message.id()));
                }
                if (message.readBy() != null && (was == null || !message.readBy().equals(was.readBy()))) {
                    marks.computeIfAbsent(new Mark(false, message.readBy(), message.message().readAt()), k -> new ArrayList<>())
                            .add(new ObjectId(message.id()));
                }
            }
            if (!next.head().equals(previous.head())) {
                Document head = OwnerEpoch.stamped(toBson(next.head()), epoch).append(APPLIED, new Document("actions", actionIds.apply(next.chatId()))
                        .append("before", previous.exists() ? toBson(previous.head()) : null));
                Document update = new Document("$set", head);
                if (!head.containsKey(ChatReadModel.BLOCKED_BY)) {
                    update.append("$unset", new Document(ChatReadModel.BLOCKED_BY, ""));
                }
                heads.add(new UpdateOneModel<>(OwnerEpoch.fenced(next.chatId(), epoch), update, new UpdateOptions().upsert(true)));
            }
        }
        insertAll(inserts);
        if (!marks.isEmpty()) {
            List<WriteModel<Document>> writes = new ArrayList<>(marks.size());
            marks.forEach((mark, ids) -> writes.add(new UpdateManyModel<>(Filters.in("_id", ids), mark.delivered()
                    ? Updates.combine(Updates.set("delivered", true), Updates.set("deliveredAt", Date.from(mark.at())), Updates.set("deliveredBy", mark.actionId()))
                    : Updates.combine(Updates.set("isRead", true), Updates.set("readAt", Date.from(mark.at())), Updates.set("readBy", mark.actionId())))));
            messages.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        if (!heads.isEmpty()) {
            owner.bulkWrite(chats, heads, new BulkWriteOptions().ordered(false), epoch);
        }
    }

    private void insertAll(List<Document> docs) {
        if (docs.isEmpty()) {
            return;
        }
        try {
            messages.insertMany(docs, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyDuplicates = e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates) {
                throw e;
            }
        }
    }

    // ---- documents

    private static Document toBson(StoredMessage stored) {
        Message message = stored.message();
        Document doc = ChatReadModel.toBson(message).append("seq", stored.seq());
        if (message.clientMessageId() != null) {
            doc.append("clientKey", ChatReadModel.clientKey(message.sender().id(), message.chat(), message.clientMessageId()));
        }
        if (stored.deliveredBy() != null) {
            doc.append("deliveredBy", stored.deliveredBy());
        }
        if (stored.readBy() != null) {
            doc.append("readBy", stored.readBy());
        }
        return doc;
    }

    private static StoredMessage storedMessage(Document doc) {
        Object seq = doc.get("seq");
        return new StoredMessage(ChatReadModel.messageFrom(doc), seq instanceof Number n ? n.longValue() : 0L,
                doc.getString("deliveredBy"), doc.getString("readBy"));
    }

    /** The head's fields, all of them (set as a whole: the projector is the chat's only writer; {@code blockedBy} only while a block stands, unset otherwise). */
    private static Document toBson(Head head) {
        Chat chat = head.chat();
        Message last = chat.lastMessage();
        Document doc = new Document("participants", chat.participants())
                .append("roles", new Document(new LinkedHashMap<String, Object>(head.roles())))
                .append("status", chat.status())
                .append("lastMessage", last == null ? null : ChatReadModel.toBson(last))
                .append("lastActivityAt", Date.from(last == null ? chat.createdAt() : last.createdAt()))
                .append("createdAt", Date.from(chat.createdAt()))
                .append("messageCount", head.messageCount())
                .append("statusChanges", head.statusChanges().stream().map(ChatStore::toBson).toList());
        if (!chat.blockedBy().isEmpty()) {
            doc.append(ChatReadModel.BLOCKED_BY, chat.blockedBy());
        }
        if (head.createdBy() != null) {
            doc.append("createdBy", head.createdBy());
        }
        return doc;
    }

    private static Document toBson(StatusChange change) {
        Document doc = new Document("by", change.by()).append("from", change.from());
        return change.fromBlockedBy().isEmpty() ? doc : doc.append("fromBlockedBy", change.fromBlockedBy());
    }

    private static LastWrite lastWrite(Document doc) {
        if (!(doc.get(APPLIED) instanceof Document applied)) {
            return LastWrite.NONE;
        }
        Document before = applied.get("before", Document.class);
        return new LastWrite(applied.getList("actions", String.class, List.of()),
                before == null ? null : head(new Document(before).append("_id", doc.getString("_id"))));
    }

    private static Head head(Document doc) {
        Document roles = doc.get("roles", Document.class);
        Map<String, String> roleByUser = new LinkedHashMap<>();
        if (roles != null) {
            roles.forEach((user, role) -> roleByUser.put(user, String.valueOf(role)));
        }
        Object count = doc.get("messageCount");
        List<StatusChange> changes = doc.getList("statusChanges", Document.class, List.of()).stream()
                .map(c -> new StatusChange(c.getString("by"), c.getString("from"), c.getList("fromBlockedBy", String.class, List.of()))).toList();
        return new Head(ChatReadModel.chatFrom(doc), roleByUser, count instanceof Number n ? n.longValue() : 0L, doc.getString("createdBy"), changes);
    }
}
