package dev.switchboard.projector.support;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.switchboard.events.Ids;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.projector.store.OwnerEpoch;
import dev.switchboard.projector.support.TicketState.NumberedMessage;
import dev.switchboard.readmodels.support.SupportReadModel;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code support_tickets} ({@code { _id, owner, ownerRole, subject, status, assignee, createdAt, updatedAt, messageCount,
 * applied }}; indexes {@code (owner, updatedAt desc)}, {@code (status, updatedAt desc)}) and {@code support_messages}
 * (the message data plus {@code seq}, and {@code clientKey} = sender id + ticket id + client message id when sent with
 * a {@code clientMessageId}; indexes {@code (ticket, seq desc)} for history, {@code clientKey} unique sparse for
 * idempotent resends). The gateway reads both.
 * <p>
 * {@code applied} is the projector's bookkeeping, not part of the read model: the ids of every action of the batch that
 * last wrote the ticket, and the ticket as it was before that batch, {@code { actions: [actionId], before: { ticket, messageCount } }}
 * ({@code ticket} null if the batch opened it). See {@link SupportProjection} for why.
 */
@Component
public class SupportStore {
    /** A ticket's document: the ticket, its message count, and its last write. */
    public record StoredTicket(Ticket ticket, long messageCount, LastWrite lastWrite) {
        public StoredTicket {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(lastWrite, "lastWrite");
        }
    }

    /** The actions of the batch that last wrote a ticket, and the ticket and message count before them. */
    public record LastWrite(List<String> actionIds, Ticket ticketBefore, long messageCountBefore) {
        /** A document written by a build that kept no bookkeeping. */
        public static final LastWrite NONE = new LastWrite(List.of(), null, 0);

        public LastWrite {
            actionIds = List.copyOf(actionIds);
        }
    }

    private final MongoCollection<Document> tickets;
    private final MongoCollection<Document> messages;
    private final OwnerEpoch owner;

    public SupportStore(MongoDatabase database, OwnerEpoch owner) {
        this.owner = owner;
        this.tickets = database.getCollection(SupportReadModel.TICKETS);
        this.messages = database.getCollection(SupportReadModel.MESSAGES);
        tickets.createIndexes(SupportReadModel.TICKET_INDEXES);
        messages.createIndexes(SupportReadModel.MESSAGE_INDEXES);
    }

    /** The stored tickets among {@code ticketIds}, by id (ids not spelled as ObjectIds name no ticket). */
    public Map<String, StoredTicket> tickets(Collection<String> ticketIds) {
        return byId(tickets, ticketIds, SupportStore::storedTicket);
    }

    /** The stored messages among {@code messageIds}, by id. */
    public Map<String, NumberedMessage> messages(Collection<String> messageIds) {
        return byId(messages, messageIds, SupportStore::numbered);
    }

    /**
     * One {@code $in} query for the ids spelled as ObjectIds (24 lowercase hex digits), the answer keyed by those strings.
     * An id spelled otherwise names nothing: two spellings of one ticket would be decided as two tickets and written
     * over each other.
     */
    private static <T> Map<String, T> byId(MongoCollection<Document> collection, Collection<String> ids, Function<Document, T> read) {
        List<ObjectId> objectIds = ids.stream().filter(Ids::isValid).distinct().map(ObjectId::new).toList();
        Map<String, T> byId = new HashMap<>();
        if (!objectIds.isEmpty()) {
            for (Document doc : collection.find(Filters.in("_id", objectIds))) {
                byId.put(doc.getObjectId("_id").toHexString(), read.apply(doc));
            }
        }
        return byId;
    }

    /** The stored messages with these {@code clientKey}s (the originals of resends): one {@code $in} query. */
    public List<NumberedMessage> byClientKeys(Collection<String> clientKeys) {
        List<NumberedMessage> found = new ArrayList<>();
        for (Document doc : messages.find(Filters.in("clientKey", clientKeys))) {
            found.add(numbered(doc));
        }
        return found;
    }

    private static NumberedMessage numbered(Document doc) {
        return new NumberedMessage(((Number) doc.get("seq")).longValue(), SupportReadModel.messageFrom(doc));
    }

    /**
     * One bulk write per collection: the messages first, then the tickets, so that a ticket's count never runs ahead of
     * its stored messages. Both replace whole documents by id, so writing the same decisions again changes nothing; both
     * are fenced by this process's {@link OwnerEpoch}.
     */
    public void write(Collection<NumberedMessage> changedMessages, Collection<StoredTicket> changedTickets) {
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        long epoch = owner.current();
        if (!changedMessages.isEmpty()) {
            List<WriteModel<Document>> writes = new ArrayList<>(changedMessages.size());
            for (NumberedMessage m : changedMessages) {
                writes.add(new ReplaceOneModel<>(OwnerEpoch.fenced(new ObjectId(m.message().id()), epoch),
                        OwnerEpoch.stamped(toBson(m), epoch), upsert));
            }
            owner.bulkWrite(messages, writes, new BulkWriteOptions(), epoch);
        }
        if (!changedTickets.isEmpty()) {
            List<WriteModel<Document>> writes = new ArrayList<>(changedTickets.size());
            for (StoredTicket t : changedTickets) {
                writes.add(new ReplaceOneModel<>(OwnerEpoch.fenced(new ObjectId(t.ticket().id()), epoch),
                        OwnerEpoch.stamped(toBson(t), epoch), upsert));
            }
            owner.bulkWrite(tickets, writes, new BulkWriteOptions(), epoch);
        }
    }

    private static Document toBson(NumberedMessage numbered) {
        SupportMessage m = numbered.message();
        Document doc = SupportReadModel.toBson(m).append("seq", numbered.seq());
        if (m.clientMessageId() != null) {
            doc.append("clientKey", SupportReadModel.clientKey(m.sender().id(), m.ticket(), m.clientMessageId()));
        }
        return doc;
    }

    private static Document toBson(StoredTicket stored) {
        LastWrite last = stored.lastWrite();
        Document before = new Document("ticket", last.ticketBefore() == null ? null : SupportReadModel.toBson(last.ticketBefore()))
                .append("messageCount", last.messageCountBefore());
        return SupportReadModel.toBson(stored.ticket()).append("messageCount", stored.messageCount())
                .append("applied", new Document("actions", last.actionIds()).append("before", before));
    }

    private static StoredTicket storedTicket(Document doc) {
        Document applied = doc.get("applied") instanceof Document d ? d : null;
        LastWrite last = LastWrite.NONE;
        if (applied != null) {
            Document before = applied.get("before", Document.class);
            Document ticketBefore = before.get("ticket", Document.class);
            last = new LastWrite(applied.getList("actions", String.class, List.of()),
                    ticketBefore == null ? null : SupportReadModel.ticketFrom(ticketBefore), count(before));
        }
        return new StoredTicket(SupportReadModel.ticketFrom(doc), count(doc), last);
    }

    private static long count(Document doc) {
        Object count = doc.get("messageCount");
        return count == null ? 0L : ((Number) count).longValue();
    }
}
