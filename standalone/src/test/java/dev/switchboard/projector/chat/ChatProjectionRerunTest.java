package dev.switchboard.projector.chat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Ids;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.projector.store.OwnerEpoch;
import dev.switchboard.readmodels.chat.ChatReadModel;
import dev.switchboard.standalone.TestStack;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chat batch run again after a crash between its store write and its positions, through the projection and the
 * store: however the re-run's first polls cut the failed run's actions (the same, longer, or shorter and then the
 * rest), it publishes what the first run decided and leaves the documents a single run leaves (the batch bookkeeping
 * {@code applied} aside, which records how the log was cut). In the projector's package, in this module for the shared
 * stack's store.
 */
class ChatProjectionRerunTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final String chat = "chat-" + Ids.newId();
    private final String client = Ids.newId();
    private final String provider = Ids.newId();
    private MongoClient mongo;
    private int actions;

    @BeforeEach
    void connect() {
        mongo = MongoClients.create(TestStack.shared().mongoUri());
    }

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void aLongerRerunStoresTheMarksItMakesOnMessagesTheFailedRunPosted() {
        List<Envelope<Event>> opened = List.of(action(new ChatRequested(chat, client, "client", provider, "provider")));
        Envelope<Event> send = action(send());
        List<Envelope<Event>> failedRun = List.of(send);
        List<Envelope<Event>> rerun = List.of(send, action(new ChatJoined(chat, provider)), action(new MessagesRead(chat, provider)));

        MongoDatabase database = run(opened, failedRun, List.of(rerun)).database();

        Document message = database.getCollection(ChatReadModel.MESSAGES).find().first();
        assertTrue(message.getBoolean("delivered"), "reported delivered by the re-run's join");
        assertTrue(message.getBoolean("isRead"), "reported read by the re-run's read");
        assertEquals(0L, new ChatReadModel(database).chatsOf(provider).get(0).unreadCount());
    }

    @Test
    void aShorterRerunDecidesAReadLikeTheFailedRun() {
        List<Envelope<Event>> opened = List.of(action(new ChatRequested(chat, client, "client", provider, "provider")));
        Envelope<Event> send = action(send());
        Envelope<Event> read = action(new MessagesRead(chat, provider));

        assertRerunsLikeOneRun(opened, List.of(send, read), List.of(List.of(send), List.of(read)));
    }

    @Test
    void aShorterRerunDoesNotSeeTheStatusChangeOrTheMessagesOfTheFailedRunsLaterActions() {
        List<Envelope<Event>> opened = List.of(action(new ChatRequested(chat, client, "client", provider, "provider")), action(send()));
        Envelope<Event> first = action(send());
        Envelope<Event> second = action(send());
        Envelope<Event> block = action(new ChatStatusRequested(chat, provider, Chat.BLOCKED, true));
        Envelope<Event> refused = action(send());

        assertRerunsLikeOneRun(opened, List.of(first, second, block, refused),
                List.of(List.of(first), List.of(second, block), List.of(refused)));
    }

    @Test
    void aShorterRerunDoesNotReadOrDeliverMessagesThatTheFailedRunsLaterSendsStored() {
        List<Envelope<Event>> opened = List.of(action(new ChatRequested(chat, client, "client", provider, "provider")), action(send()));
        Envelope<Event> join = action(new ChatJoined(chat, provider));
        Envelope<Event> read = action(new MessagesRead(chat, provider));
        Envelope<Event> later = action(send());
        Envelope<Event> readAgain = action(new MessagesRead(chat, provider));

        assertRerunsLikeOneRun(opened, List.of(join, read, later, readAgain), List.of(List.of(join, read), List.of(later), List.of(readAgain)));
    }

    @Test
    void aShorterRerunOfTheBatchThatOpenedTheChatOpensItAgain() {
        Envelope<Event> open = action(new ChatRequested(chat, client, "client", provider, "provider"));
        Envelope<Event> send = action(send());
        Envelope<Event> join = action(new ChatJoined(chat, provider));

        assertRerunsLikeOneRun(List.of(), List.of(open, send, join), List.of(List.of(open), List.of(send, join)));
    }

    // ---- runs

    private record Outcome(MongoDatabase database, List<Object> updates) {
    }

    /**
     * Applies {@code before} (stored and positioned), then {@code failedRun} (written, not positioned: the process
     * dies), then, in a new process, the same actions as the re-run's batches {@code rerun}; the updates are the re-run's.
     */
    private Outcome run(List<Envelope<Event>> before, List<Envelope<Event>> failedRun, List<List<Envelope<Event>>> rerun) {
        MongoDatabase database = mongo.getDatabase("chat_rerun_" + Ids.newId());
        if (!before.isEmpty()) {
            new ChatProjection(store(database)).apply(before);
        }
        new ChatProjection(store(database)).apply(failedRun);
        ChatProjection restarted = new ChatProjection(store(database));
        List<Object> updates = new ArrayList<>();
        rerun.forEach(batch -> restarted.apply(batch).forEach(update -> updates.add(update.payload())));
        return new Outcome(database, updates);
    }

    private void assertRerunsLikeOneRun(List<Envelope<Event>> before, List<Envelope<Event>> batch, List<List<Envelope<Event>>> rerun) {
        assertEquals(batch, rerun.stream().flatMap(List::stream).toList(), "the re-run's batches hold the batch's actions");
        MongoDatabase once = mongo.getDatabase("chat_once_" + Ids.newId());
        if (!before.isEmpty()) {
            new ChatProjection(store(once)).apply(before);
        }
        List<Object> updates = new ArrayList<>();
        new ChatProjection(store(once)).apply(batch).forEach(update -> updates.add(update.payload()));

        Outcome again = run(before, batch, rerun);

        assertEquals(updates, again.updates());
        assertEquals(documents(once, ChatReadModel.MESSAGES), documents(again.database(), ChatReadModel.MESSAGES));
        assertEquals(documents(once, ChatReadModel.CHATS), documents(again.database(), ChatReadModel.CHATS));
    }

    /** A process's store: each takes its own epoch, as a restarted projector does on assignment. */
    private static ChatStore store(MongoDatabase database) {
        OwnerEpoch owner = new OwnerEpoch(database);
        owner.takeOver();
        return new ChatStore(database, owner);
    }

    private static List<Document> documents(MongoDatabase database, String collection) {
        List<Document> documents = database.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        documents.forEach(document -> {
            document.remove(ChatReadModel.LAST_WRITE);
            document.remove(OwnerEpoch.FIELD);
        });
        return documents;
    }

    // ---- actions

    private MessageSubmitted send() {
        return new MessageSubmitted(new ObjectId().toHexString(), chat, client, "client", "Client", null, "text " + actions, "text",
                List.of(), null, false);
    }

    private Envelope<Event> action(ChatAction payload) {
        String id = "action-" + Ids.newId();
        Actor actor = payload instanceof ChatJoined || payload instanceof MessagesRead || payload instanceof ChatStatusRequested
                ? Actor.user(provider, "provider") : Actor.user(client, "client");
        return new Envelope<>(id, EventTypes.nameOf(payload), EventTypes.versionOf(payload), T0.plusSeconds(actions++), actor, chat, id, payload);
    }
}
