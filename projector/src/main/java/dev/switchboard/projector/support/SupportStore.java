package dev.switchboard.projector.support;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.switchboard.events.support.SupportDocuments;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.projector.store.ReadModels;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.Optional;

/**
 * {@code support_tickets} ({@code { _id, owner, ownerRole, subject, status, assignee, createdAt, updatedAt, messageCount }};
 * indexes {@code (owner, updatedAt desc)}, {@code (status, updatedAt desc)}) and {@code support_messages} (the message
 * data plus {@code seq}; index {@code (ticket, seq desc)} for history).
 */
@Component
public class SupportStore {
    public static final String TICKETS = "support_tickets";
    public static final String MESSAGES = "support_messages";

    private final MongoCollection<Document> tickets;
    private final MongoCollection<Document> messages;

    public SupportStore(ReadModels readModels) {
        this.tickets = readModels.collection(TICKETS);
        this.messages = readModels.collection(MESSAGES);
        tickets.createIndex(Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending("updatedAt")));
        tickets.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("updatedAt")));
        messages.createIndex(Indexes.compoundIndex(Indexes.ascending("ticket"), Indexes.descending("seq")));
    }

    public Optional<Ticket> ticket(String ticketId) {
        if (!ObjectId.isValid(ticketId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(tickets.find(Filters.eq("_id", new ObjectId(ticketId))).first()).map(SupportDocuments::ticket);
    }

    public void createTicket(Ticket ticket) {
        try {
            tickets.insertOne(SupportDocuments.toBson(ticket).append("messageCount", 0L));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public Optional<SupportMessage> message(String messageId) {
        if (!ObjectId.isValid(messageId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(messages.find(Filters.eq("_id", new ObjectId(messageId))).first()).map(SupportDocuments::message);
    }

    /**
     * Stores the message (once: its id comes from the log) and moves the ticket's message count and activity time.
     * A message already stored (a batch re-run after a crash between the two writes) keeps its number, and the
     * ticket is still brought up to it.
     */
    public void post(SupportMessage message) {
        Document stored = messages.find(Filters.eq("_id", new ObjectId(message.id()))).projection(Projections.include("seq")).first();
        long seq;
        if (stored != null) {
            seq = ((Number) stored.get("seq")).longValue();
        } else {
            Document ticket = tickets.find(Filters.eq("_id", new ObjectId(message.ticket()))).first();
            seq = (ticket == null ? 0L : ((Number) ticket.get("messageCount", 0L)).longValue()) + 1;
            messages.insertOne(SupportDocuments.toBson(message).append("seq", seq));
        }
        tickets.updateOne(Filters.eq("_id", new ObjectId(message.ticket())),
                Updates.combine(Updates.max("messageCount", seq), Updates.set("updatedAt", Date.from(message.createdAt()))));
    }

    /** Adds the reader to {@code readBy}; the message is read once someone other than its sender read it. */
    public SupportMessage markRead(SupportMessage message, String userId) {
        boolean read = message.isRead() || !message.sender().id().equals(userId);
        messages.updateOne(Filters.eq("_id", new ObjectId(message.id())),
                Updates.combine(Updates.addToSet("readBy", userId), Updates.set("isRead", read)));
        return message(message.id()).orElseThrow();
    }

    public void change(Ticket ticket) {
        tickets.updateOne(Filters.eq("_id", new ObjectId(ticket.id())), Updates.combine(Updates.set("status", ticket.status()),
                Updates.set("assignee", ticket.assignee()), Updates.set("updatedAt", Date.from(ticket.updatedAt()))));
    }

}
