package dev.switchboard.readmodels.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.switchboard.events.Ids;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.readmodels.HistoryPage;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import java.util.Date;

/**
 * The support read models: tickets, their messages and the audit index, their indexes, and the queries the gateway
 * asks (the projector's batch loads and writes stay in its {@code SupportStore} and {@code TicketEventLog}).
 * <ul>
 *   <li>{@code support_tickets}: the ticket ({@link #toBson(Ticket)}); indexes {@code (owner, updatedAt desc)},
 *       {@code (status, updatedAt desc)}.</li>
 *   <li>{@code support_messages}: the message plus {@code seq}; indexes {@code (ticket, seq desc)}, {@code clientKey}
 *       unique sparse.</li>
 *   <li>{@code support_ticket_events}, the audit index: one document per record of {@code switchboard.support.actions},
 *       {@code { _id: "topic:partition:offset", ticket, partition, offset, result, action, outcomes }} ({@code action} the
 *       record's JSON as the log holds it, {@code outcomes} the JSON of the records it caused, {@code result}
 *       {@code applied}, {@code refused} or {@code set-aside}); index {@code (ticket, offset)}.</li>
 * </ul>
 */
public final class SupportReadModel {
    public static final String TICKETS = "support_tickets";
    public static final String MESSAGES = "support_messages";
    public static final String TICKET_EVENTS = "support_ticket_events";
    /** {@code GET /api/support/tickets} answers at most this many at once; {@code ?before=} pages on. */
    public static final int LISTED_TICKETS = 500;

    public static final List<IndexModel> TICKET_INDEXES = List.of(
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending("updatedAt"))),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("updatedAt"))));

    public static final List<IndexModel> MESSAGE_INDEXES = List.of(
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("ticket"), Indexes.descending("seq"))),
            // sparse unique on one field: only messages sent with a clientMessageId carry clientKey (sender + ticket + client id)
            new IndexModel(Indexes.ascending("clientKey"), new IndexOptions().unique(true).sparse(true)));

    /**
     * The {@code clientKey} of a message sent with a {@code clientMessageId}: unique per sender and ticket (kept in the
     * sparse unique index above), so a resend finds its original. Per ticket because it has one writer (its partition's
     * projector), so two projectors never race on one key.
     */
    public static String clientKey(String senderId, String ticketId, String clientMessageId) {
        return senderId + "\n" + ticketId + "\n" + clientMessageId;
    }

    public static final List<IndexModel> TICKET_EVENT_INDEXES = List.of(new IndexModel(Indexes.ascending("ticket", "offset")));

    private final MongoCollection<Document> tickets;
    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> ticketEvents;

    public SupportReadModel(MongoDatabase database) {
        this.tickets = database.getCollection(TICKETS);
        this.messages = database.getCollection(MESSAGES);
        this.ticketEvents = database.getCollection(TICKET_EVENTS);
    }

    public Optional<Ticket> ticket(String ticketId) {
        return Ids.isValid(ticketId)
                ? Optional.ofNullable(tickets.find(Filters.eq("_id", new ObjectId(ticketId))).first()).map(SupportReadModel::ticketFrom)
                : Optional.empty();
    }

    /**
     * Where a page of tickets ends: the last ticket's id and its {@code updatedAt} as that page showed it (the ticket may
     * have moved to the front since).
     */
    public record TicketCursor(Instant updatedAt, String id) {
        public static TicketCursor at(Ticket ticket) {
            return new TicketCursor(ticket.updatedAt(), ticket.id());
        }
    }

    /**
     * Most recently active first, ties newest id first: {@code owner}'s tickets (null: everyone's), of {@code status}
     * (null: any), those after {@code after} in that order (null: from the first), at most {@code limit}.
     */
    public List<Ticket> tickets(String owner, String status, TicketCursor after, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (owner != null) {
            filters.add(Filters.eq("owner", owner));
        }
        if (status != null) {
            filters.add(Filters.eq("status", status));
        }
        if (after != null) {
            Date at = Date.from(after.updatedAt());
            filters.add(Filters.or(Filters.lt("updatedAt", at),
                    Filters.and(Filters.eq("updatedAt", at), Filters.lt("_id", new ObjectId(after.id())))));
        }
        List<Ticket> found = new ArrayList<>();
        for (Document doc : tickets.find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.descending("updatedAt", "_id")).limit(limit)) {
            found.add(SupportReadModel.ticketFrom(doc));
        }
        return found;
    }

    /** The ticket a message belongs to, if the message exists. */
    public Optional<String> ticketOfMessage(String messageId) {
        return Ids.isValid(messageId)
                ? Optional.ofNullable(messages.find(Filters.eq("_id", new ObjectId(messageId))).first()).map(doc -> doc.getString("ticket"))
                : Optional.empty();
    }

    /** A page of the ticket's history; empty when {@code before} names no message of this ticket. */
    public Optional<HistoryPage<SupportMessage>> history(String ticketId, ObjectId before, int limit) {
        return HistoryPage.of(messages, "ticket", ticketId, before, limit, SupportReadModel::messageFrom);
    }

    /** The audit index's documents of the ticket, in log order. */
    public List<Document> auditEntries(String ticketId) {
        return ticketEvents.find(Filters.eq("ticket", ticketId)).sort(Sorts.ascending("offset")).into(new ArrayList<>());
    }

    // ---- the documents: field names are the contract's

    public static Document toBson(Ticket t) {
        return new Document("_id", new ObjectId(t.id())).append("owner", t.owner()).append("ownerRole", t.ownerRole())
                .append("subject", t.subject()).append("status", t.status()).append("assignee", t.assignee())
                .append("createdAt", Date.from(t.createdAt())).append("updatedAt", Date.from(t.updatedAt()));
    }

    public static Ticket ticketFrom(Document d) {
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

    public static SupportMessage messageFrom(Document d) {
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
