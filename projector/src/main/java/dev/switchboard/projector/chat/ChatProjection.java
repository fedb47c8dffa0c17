package dev.switchboard.projector.chat;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.projector.chat.ChatState.Head;
import dev.switchboard.projector.chat.ChatState.StoredHead;
import dev.switchboard.projector.chat.ChatState.StoredMessage;
import dev.switchboard.projector.kafka.Projection;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chats and messages, per batch: load the batch's chats once, as they were before the batch ({@link ChatBatch}),
 * decide each action in log order ({@link ChatDecider}, rules in {@link ChatRules}), write what changed once
 * ({@link ChatStore#save}), return the updates.
 * <p>
 * Loading reads only what the remembered heads ({@code heads}) do not give: one query for the heads not remembered,
 * one for the originals of the batch's {@code clientMessageId}s (if any), one per chat for the unsettled incoming
 * messages of the batch's joiners and readers (if any); and, only when re-running a batch over a head written by a
 * build that kept no record of its last write ({@link ChatState.LastWrite}), the last message before the batch of
 * each chat it posted to.
 */
@Component
public class ChatProjection implements Projection {
    private static final int HEADS_KEPT = 50_000;

    private final ChatStore store;
    /**
     * The heads as this projector's batches left them (participants, roles, status, last message, message count), so
     * that a batch of sends reads nothing before writing. Safe because one projector owns a chat's partition and is its
     * only writer; remembered only after a batch's writes went through, and forgotten when partitions move or a batch
     * is re-run, so a remembered head is the chat as of the actions this process applied. The stored head may be ahead
     * of it (a failed run's later actions, when the re-run left the head unchanged and so did not write it); one that
     * is not remembered is loaded with its record of its last write ({@link ChatBatch#startingHead}). Least recently
     * used first out.
     */
    private final Map<String, Head> heads = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
            return size() > HEADS_KEPT;
        }
    };

    public ChatProjection(ChatStore store) {
        this.store = store;
    }

    @Override
    public Topic actionTopic() {
        return Topic.CHAT_ACTIONS;
    }

    @Override
    public List<Envelope<?>> apply(List<Envelope<Event>> actions) {
        ChatBatch batch = ChatBatch.of(actions);
        Map<String, ChatState> before = load(batch);
        Map<String, ChatState> states = new LinkedHashMap<>(before);
        List<Envelope<?>> updates = new ArrayList<>(actions.size());
        for (Envelope<Event> action : actions) {
            ChatAction payload = (ChatAction) action.payload();
            ChatDecider.Decision decision = ChatDecider.decide(states.get(payload.chatId()), action.actor(), payload, action.id(), action.occurredAt());
            states.put(payload.chatId(), decision.next());
            updates.addAll(Envelope.outcomesOf(action, decision.updates(), payload.chatId()));
        }
        store.save(before, states, batch::actionIdsOf);
        remember(states.values());
        return updates;
    }

    @Override
    public void partitionsRevoked() {
        synchronized (heads) {
            heads.clear();
        }
    }

    private Map<String, ChatState> load(ChatBatch batch) {
        Map<String, Head> remembered = remembered(batch.chatIds());
        Set<String> notRemembered = new LinkedHashSet<>(batch.chatIds());
        notRemembered.removeAll(remembered.keySet());
        Map<String, StoredHead> stored = notRemembered.isEmpty() ? Map.of() : store.heads(notRemembered);

        Map<String, List<StoredMessage>> loaded = new HashMap<>();
        List<StoredMessage> messages = new ArrayList<>();
        if (!batch.clientKeys().isEmpty()) {
            messages.addAll(store.byClientKeys(batch.clientKeys()));
        }
        if (!batch.joins().isEmpty() || !batch.reads().isEmpty()) {
            messages.addAll(store.unsettled(batch.joins(), batch.reads()));
        }
        messages.forEach(m -> loaded.computeIfAbsent(m.message().chat(), c -> new ArrayList<>()).add(m));

        Map<String, ChatState> states = new LinkedHashMap<>();
        for (String chatId : batch.chatIds()) {
            Head head = remembered.containsKey(chatId) ? remembered.get(chatId) : batch.startingHead(stored.get(chatId));
            Optional<StoredMessage> lastBefore = batch.postedLastMessageOf(head)
                    ? store.lastMessageBefore(chatId, batch.postedIds()) : Optional.empty();
            states.put(chatId, batch.stateBefore(chatId, head, loaded.getOrDefault(chatId, List.of()), lastBefore));
        }
        return states;
    }

    private Map<String, Head> remembered(Collection<String> chatIds) {
        Map<String, Head> found = new HashMap<>();
        synchronized (heads) {
            for (String chatId : chatIds) {
                Head head = heads.get(chatId);
                if (head != null) {
                    found.put(chatId, head);
                }
            }
        }
        return found;
    }

    private void remember(Collection<ChatState> states) {
        synchronized (heads) {
            for (ChatState state : states) {
                if (state.exists()) {
                    heads.put(state.chatId(), state.head());
                }
            }
        }
    }
}
