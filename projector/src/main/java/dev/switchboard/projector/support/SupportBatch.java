package dev.switchboard.projector.support;

import dev.switchboard.readmodels.support.SupportReadModel;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.support.SupportAction;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.projector.support.SupportStore.LastWrite;
import dev.switchboard.projector.support.SupportStore.StoredTicket;
import dev.switchboard.projector.support.TicketState.NumberedMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One poll batch of support actions, without the store: what to load, the state each ticket starts from, the decisions
 * in log order, and what to write. {@link SupportProjection} explains the starting state of a re-run.
 */
final class SupportBatch {

    /** The updates to publish, in order, and the documents to write. */
    record Result(List<Envelope<?>> updates, List<NumberedMessage> messageWrites, List<StoredTicket> ticketWrites) {
    }

    private final List<Envelope<Event>> actions;
    private final Map<String, List<String>> actionIdsByTicket = new LinkedHashMap<>();
    private final Set<String> messagesToLoad = new LinkedHashSet<>();
    private final Set<String> clientKeys = new LinkedHashSet<>();
    private final Set<String> posted = new HashSet<>();

    SupportBatch(List<Envelope<Event>> actions) {
        this.actions = List.copyOf(actions);
        for (Envelope<Event> action : actions) {
            SupportAction payload = (SupportAction) action.payload();
            actionIdsByTicket.computeIfAbsent(payload.ticketId(), id -> new ArrayList<>()).add(action.id());
            if (payload instanceof TicketOpened opened) {
                posted.add(opened.firstMessageId());
            } else if (payload instanceof SupportMessageSubmitted submitted) {
                posted.add(submitted.messageId());
                if (submitted.clientMessageId() != null) {
                    clientKeys.add(SupportReadModel.clientKey(submitted.senderId(), submitted.ticketId(), submitted.clientMessageId()));
                }
            } else if (payload instanceof SupportMessageRead read) {
                messagesToLoad.add(read.messageId());
            }
        }
        // what the batch posts is created again by its posts, even if a first run of it stored it already
        messagesToLoad.removeAll(posted);
    }

    Set<String> ticketIds() {
        return Collections.unmodifiableSet(actionIdsByTicket.keySet());
    }

    /** The messages the batch reads but does not post. */
    Set<String> messagesToLoad() {
        return Collections.unmodifiableSet(messagesToLoad);
    }

    /** The {@code clientKey}s of the batch's posts that carry a {@code clientMessageId}, to find the originals of resends. */
    Set<String> clientKeys() {
        return Collections.unmodifiableSet(clientKeys);
    }

    /** {@link #decide(Map, Map, Collection)} for a batch without resends. */
    Result decide(Map<String, StoredTicket> tickets, Map<String, NumberedMessage> messages) {
        return decide(tickets, messages, List.of());
    }

    /**
     * Decides every action from the loaded state: {@code tickets} and {@code messages} as the store has them, by id, and
     * {@code originals}, the stored messages with the batch's {@link #clientKeys}. Those that this batch posts (stored by
     * a first run of it) are left out: a post is not the original of itself, so a re-run posts them again, as the
     * first run did.
     */
    Result decide(Map<String, StoredTicket> tickets, Map<String, NumberedMessage> messages, Collection<NumberedMessage> originals) {
        Map<String, TicketState> start = new LinkedHashMap<>();
        Set<String> reruns = new HashSet<>();
        actionIdsByTicket.forEach((ticketId, actionIds) -> {
            StoredTicket stored = tickets.get(ticketId);
            if (isRerun(stored, actionIds)) {
                reruns.add(ticketId);
            }
            start.put(ticketId, startingState(ticketId, stored, actionIds));
        });
        for (Envelope<Event> action : actions) {
            if (action.payload() instanceof SupportMessageRead read && messages.containsKey(read.messageId())) {
                NumberedMessage message = messages.get(read.messageId());
                if (message.message().ticket().equals(read.ticketId())) {
                    start.put(read.ticketId(), start.get(read.ticketId()).withMessage(read.messageId(), message));
                }
            }
        }

        for (NumberedMessage original : originals) {
            String ticketId = original.message().ticket();
            if (!posted.contains(original.message().id()) && start.containsKey(ticketId)) {
                start.put(ticketId, start.get(ticketId).withMessage(original.message().id(), original));
            }
        }

        Map<String, TicketState> current = new LinkedHashMap<>(start);
        List<Envelope<?>> updates = new ArrayList<>();
        for (Envelope<Event> action : actions) {
            SupportAction payload = (SupportAction) action.payload();
            SupportDecider.Decision decision = SupportDecider.decide(current.get(payload.ticketId()), action.actor(), payload, action.occurredAt());
            current.put(payload.ticketId(), decision.next());
            updates.addAll(Envelope.outcomesOf(action, decision.updates(), payload.ticketId()));
        }

        List<NumberedMessage> messageWrites = new ArrayList<>();
        List<StoredTicket> ticketWrites = new ArrayList<>();
        current.forEach((ticketId, end) -> {
            TicketState from = start.get(ticketId);
            end.messages().forEach((messageId, message) -> {
                if (!message.equals(from.messages().get(messageId))) {
                    messageWrites.add(message);
                }
            });
            if (end.ticket() != null && (reruns.contains(ticketId) || !end.sameTicketAs(from))) {
                ticketWrites.add(new StoredTicket(end.ticket(), end.messageCount(),
                        new LastWrite(actionIdsByTicket.get(ticketId), from.ticket(), from.messageCount())));
            }
        });
        return new Result(updates, messageWrites, ticketWrites);
    }

    /** Whether the ticket's last write was by (a first run of) this batch: it applied some of the batch's actions. */
    static boolean isRerun(StoredTicket stored, List<String> batchActionIds) {
        return stored != null && !Collections.disjoint(stored.lastWrite().actionIds(), new HashSet<>(batchActionIds));
    }

    /**
     * The ticket as it was before this batch: as stored, or, if its last write applied actions of this batch, as that
     * write found it.
     */
    static TicketState startingState(String ticketId, StoredTicket stored, List<String> batchActionIds) {
        if (stored == null) {
            return TicketState.none(ticketId);
        }
        if (isRerun(stored, batchActionIds)) {
            LastWrite last = stored.lastWrite();
            return new TicketState(ticketId, last.ticketBefore(), last.messageCountBefore(), Map.of());
        }
        return new TicketState(ticketId, stored.ticket(), stored.messageCount(), Map.of());
    }
}
