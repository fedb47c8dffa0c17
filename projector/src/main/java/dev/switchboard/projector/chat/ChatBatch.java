package dev.switchboard.projector.chat;

import dev.switchboard.readmodels.chat.ChatReadModel;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.chat.Message;
import dev.switchboard.projector.chat.ChatState.Head;
import dev.switchboard.projector.chat.ChatState.StatusChange;
import dev.switchboard.projector.chat.ChatState.StoredHead;
import dev.switchboard.projector.chat.ChatState.StoredMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a batch of chat actions needs from the store, and the state as it was before the batch from what the store
 * holds. A batch can be run again (after a crash or a failed write) with some of its own effects already stored;
 * decisions must not see them, or a re-run would decide differently from the first run. A re-run starts at the first
 * run's log position but may be cut shorter or longer (a poll returns what was fetched), so a stored head may even hold
 * effects of actions the re-run does not have yet: every head carries the actions of the batch that last wrote it and
 * the head as that batch found it ({@link #startingHead}), and a batch holding one of those actions starts from that.
 * Then, from what is loaded (which also undoes this batch's effects on heads written by a build without that record):
 * <ul>
 *   <li>messages posted by this batch's sends (their ids are in the actions) are left out, and so are messages numbered
 *       past the starting head's count (posted by actions of a failed run that a shorter re-run does not hold);</li>
 *   <li>delivered / read marks made by this batch's actions ({@code deliveredBy} / {@code readBy}) are undone;</li>
 *   <li>a chat opened by an action of this batch ({@code createdBy}) does not exist yet;</li>
 *   <li>status changes made by this batch's actions are undone, newest first;</li>
 *   <li>a head whose last message this batch posted was written by it: its message count and last message are those
 *       of the last message not posted by this batch ({@link #lastMessageBefore}).</li>
 * </ul>
 * Pure: no store access, so this is tested like the decider.
 */
public final class ChatBatch {
    /** The (chat, receiver) pairs whose unsettled incoming messages a batch needs: joiners' undelivered, readers' unread. */
    public record Receiver(String chatId, String userId) {
    }

    private final Set<String> actionIds = new LinkedHashSet<>();
    private final Map<String, List<String>> actionIdsByChat = new LinkedHashMap<>();
    private final Set<String> postedIds = new LinkedHashSet<>();
    private final Set<String> clientKeys = new LinkedHashSet<>();
    private final Map<Receiver, Set<String>> joins = new LinkedHashMap<>();
    private final Map<Receiver, Set<String>> reads = new LinkedHashMap<>();

    private ChatBatch() {
    }

    public static ChatBatch of(List<Envelope<Event>> actions) {
        ChatBatch batch = new ChatBatch();
        for (Envelope<Event> action : actions) {
            batch.add(action.id(), (ChatAction) action.payload());
        }
        return batch;
    }

    private void add(String actionId, ChatAction action) {
        actionIds.add(actionId);
        actionIdsByChat.computeIfAbsent(action.chatId(), c -> new ArrayList<>()).add(actionId);
        if (action instanceof MessageSubmitted m) {
            postedIds.add(m.messageId());
            if (m.clientMessageId() != null) {
                clientKeys.add(ChatReadModel.clientKey(m.senderId(), m.chatId(), m.clientMessageId()));
            }
        } else if (action instanceof ChatJoined joined) {
            joins.computeIfAbsent(new Receiver(joined.chatId(), joined.userId()), r -> new LinkedHashSet<>()).add(actionId);
        } else if (action instanceof MessagesRead read) {
            reads.computeIfAbsent(new Receiver(read.chatId(), read.userId()), r -> new LinkedHashSet<>()).add(actionId);
        }
    }

    public Set<String> chatIds() {
        return actionIdsByChat.keySet();
    }

    public Set<String> actionIds() {
        return actionIds;
    }

    /** The ids of this batch's actions on {@code chatId}, in log order. */
    public List<String> actionIdsOf(String chatId) {
        return actionIdsByChat.getOrDefault(chatId, List.of());
    }

    /** The ids of the messages this batch's sends would post. */
    public Set<String> postedIds() {
        return postedIds;
    }

    /** The {@code clientKey}s of this batch's sends, to find the originals of resends. */
    public Set<String> clientKeys() {
        return clientKeys;
    }

    /**
     * Whose undelivered incoming messages are needed (they join in this batch), each with the ids of its joins here: the
     * messages those joins marked delivered in an earlier run of the batch are needed too.
     */
    public Map<Receiver, Set<String>> joins() {
        return joins;
    }

    /** Whose unread incoming messages are needed (they mark read in this batch), each with the ids of its reads here. */
    public Map<Receiver, Set<String>> reads() {
        return reads;
    }

    /**
     * The head this batch starts from: the stored one, or, when the batch that last wrote it holds one of this batch's
     * actions (this is that batch run again, longer or shorter), the head as that batch found it (null: no chat yet).
     */
    public Head startingHead(StoredHead stored) {
        if (stored == null) {
            return null;
        }
        boolean rerun = stored.lastWrite().actionIds().stream().anyMatch(actionIds::contains);
        return rerun ? stored.lastWrite().headBefore() : stored.head();
    }

    /**
     * Whether the stored head was written by an earlier run of this batch after it posted (its last message is one of
     * this batch's): its count and last message are then those of the last stored message not posted by this batch.
     */
    public boolean postedLastMessageOf(Head stored) {
        return stored != null && stored.chat().lastMessage() != null && postedIds.contains(stored.chat().lastMessage().id());
    }

    /**
     * The chat as it was before this batch.
     *
     * @param stored            the stored head, or null when there is none
     * @param loaded            the chat's stored messages the batch needs (whatever this batch did to them)
     * @param lastMessageBefore the chat's last stored message not posted by this batch; asked only when
     *                          {@link #postedLastMessageOf} the head (empty: none)
     */
    public ChatState stateBefore(String chatId, Head stored, List<StoredMessage> loaded, Optional<StoredMessage> lastMessageBefore) {
        if (stored == null || actionIds.contains(stored.createdBy())) {
            return ChatState.absent(chatId);
        }
        Chat chat = stored.chat();
        Message last = chat.lastMessage();
        long count = stored.messageCount();
        if (postedLastMessageOf(stored)) {
            Optional<StoredMessage> before = lastMessageBefore.map(this::unmarked);
            last = before.map(StoredMessage::message).orElse(null);
            count = before.map(StoredMessage::seq).orElse(0L);
        }
        List<StoredMessage> messages = new ArrayList<>(loaded.size());
        for (StoredMessage message : loaded) {
            // numbered past the count: posted by a later action of a failed run that this re-run does not hold (yet)
            if (!postedIds.contains(message.id()) && message.seq() <= count) {
                messages.add(unmarked(message));
            }
        }
        if (last != null && !postedLastMessageOf(stored)) {
            String lastId = last.id();
            last = messages.stream().filter(m -> m.id().equals(lastId)).findFirst().map(StoredMessage::message).orElse(last);
        }
        List<StatusChange> changes = new ArrayList<>(stored.statusChanges());
        String status = chat.status();
        List<String> blockedBy = chat.blockedBy();
        while (!changes.isEmpty() && actionIds.contains(changes.get(changes.size() - 1).by())) {
            StatusChange undone = changes.remove(changes.size() - 1);
            status = undone.from();
            blockedBy = undone.fromBlockedBy();
        }
        Head head = new Head(chat.withStatus(status, blockedBy).withLastMessage(last), stored.roles(), count, stored.createdBy(), changes);
        return ChatState.of(chatId, head, messages);
    }

    /** The message without the marks this batch's actions made. */
    private StoredMessage unmarked(StoredMessage message) {
        StoredMessage result = message;
        if (result.deliveredBy() != null && actionIds.contains(result.deliveredBy())) {
            result = result.undelivered();
        }
        if (result.readBy() != null && actionIds.contains(result.readBy())) {
            result = result.unread();
        }
        return result;
    }
}
