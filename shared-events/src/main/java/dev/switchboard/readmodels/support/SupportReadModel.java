package dev.switchboard.readmodels.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.readmodels.HistoryPage;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The support read models: tickets, their messages and the audit index, their indexes, and the queries the gateway
 * asks (the projector's batch loads and writes stay in its {@code SupportStore} and {@code TicketEventLog}).
 * <ul>
 *   <li>{@code support_tickets}: the ticket ({@link SupportDocuments}); indexes {@code (owner, updatedAt desc)},
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
    /** {@code GET /api/support/tickets} answers the most recently active ones. */
    public static final int LISTED_TICKETS = 500;

    public static final List<IndexModel> TICKET_INDEXES = List.of(
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending("updatedAt"))),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("updatedAt"))));

    public static final List<IndexModel> MESSAGE_INDEXES = List.of(
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("ticket"), Indexes.descending("seq"))),
            // sparse unique on one field: only messages sent with a clientMessageId carry clientKey (sender + ticket + client id)
            new IndexModel(Indexes.ascending("clientKey"), new IndexOptions().unique(true).sparse(true)));

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
        return ObjectId.isValid(ticketId)
                ? Optional.ofNullable(tickets.find(Filters.eq("_id", new ObjectId(ticketId))).first()).map(SupportDocuments::ticket)
                : Optional.empty();
    }

    /** Most recently active first: {@code owner}'s tickets (null: everyone's), of {@code status} (null: any). */
    public List<Ticket> tickets(String owner, String status) {
        List<Bson> filters = new ArrayList<>();
        if (owner != null) {
            filters.add(Filters.eq("owner", owner));
        }
        if (status != null) {
            filters.add(Filters.eq("status", status));
        }
        List<Ticket> found = new ArrayList<>();
        for (Document doc : tickets.find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.descending("updatedAt")).limit(LISTED_TICKETS)) {
            found.add(SupportDocuments.ticket(doc));
        }
        return found;
    }

    /** The ticket a message belongs to, if the message exists. */
    public Optional<String> ticketOfMessage(String messageId) {
        return ObjectId.isValid(messageId)
                ? Optional.ofNullable(messages.find(Filters.eq("_id", new ObjectId(messageId))).first()).map(doc -> doc.getString("ticket"))
                : Optional.empty();
    }

    /** A page of the ticket's history; empty when {@code before} names no message of this ticket. */
    public Optional<HistoryPage<SupportMessage>> history(String ticketId, ObjectId before, int limit) {
        return HistoryPage.of(messages, "ticket", ticketId, before, limit, SupportDocuments::message);
    }

    /** The audit index's documents of the ticket, in log order. */
    public List<Document> auditEntries(String ticketId) {
        return ticketEvents.find(Filters.eq("ticket", ticketId)).sort(Sorts.ascending("offset")).into(new ArrayList<>());
    }
}
