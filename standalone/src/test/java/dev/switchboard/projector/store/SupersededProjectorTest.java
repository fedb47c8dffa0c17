package dev.switchboard.projector.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Ids;
import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.projector.chat.ChatProjection;
import dev.switchboard.projector.chat.ChatStore;
import dev.switchboard.projector.presence.PresenceState;
import dev.switchboard.projector.presence.PresenceState.OpenConnection;
import dev.switchboard.projector.presence.PresenceStore;
import dev.switchboard.projector.store.OwnerEpoch.Superseded;
import dev.switchboard.projector.support.SupportStore;
import dev.switchboard.projector.support.SupportStore.LastWrite;
import dev.switchboard.projector.support.SupportStore.StoredTicket;
import dev.switchboard.projector.user.UserStore;
import dev.switchboard.projector.user.UserStore.User;
import dev.switchboard.readmodels.chat.ChatReadModel;
import dev.switchboard.readmodels.user.UserReadModel;
import dev.switchboard.standalone.TestStack;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A projector that lost its partitions while it still writes (frozen past its session, cut off from the brokers but
 * not from the store) writes its batch when it runs again, after its successor applied that batch and more. The store
 * refuses its writes of whole documents ({@link OwnerEpoch}); its successor's, and its own once it takes partitions over
 * again, pass. Two "processes" here are two stores over one database, each with its own epoch, in this module for the
 * shared stack's store.
 */
class SupersededProjectorTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final String chat = "chat-" + Ids.newId();
    private final String client = Ids.newId();
    private final String provider = Ids.newId();
    private MongoClient mongo;
    private MongoDatabase database;
    private int actions;

    @BeforeEach
    void connect() {
        mongo = MongoClients.create(TestStack.shared().mongoUri());
        database = mongo.getDatabase("superseded_" + Ids.newId());
    }

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void aChatBatchWrittenLateByASupersededProjectorDoesNotTakeTheChatBack() {
        OwnerEpoch first = new OwnerEpoch(database);
        first.takeOver();
        ChatProjection frozen = new ChatProjection(new ChatStore(database, first));
        frozen.apply(List.of(action(new ChatRequested(chat, client, "client", provider, "provider")), action(send("hello"))));
        Envelope<Event> stale = action(send("while frozen"));

        // its partitions move on: the successor applies the frozen projector's batch again, and what came after it
        OwnerEpoch second = new OwnerEpoch(database);
        second.takeOver();
        new ChatProjection(new ChatStore(database, second)).apply(List.of(stale, action(send("after the take-over"))));

        Superseded refused = null;
        try {
            frozen.apply(List.of(stale)); // it runs again: its batch, decided as it was before the take-over
        } catch (Superseded e) {
            refused = e;
        }
        Document head = database.getCollection(ChatReadModel.CHATS).find(Filters.eq("_id", chat)).first();
        assertEquals(3, ((Number) head.get("messageCount")).intValue(), head.toJson());
        assertEquals("after the take-over", head.get("lastMessage", Document.class).getString("content"), head.toJson());
        assertNotNull(refused, "the late batch was refused");

        // the same process given partitions again takes a new epoch and writes again
        first.takeOver();
        ChatProjection resumed = new ChatProjection(new ChatStore(database, first));
        resumed.apply(List.of(action(send("back again"))));
        head = database.getCollection(ChatReadModel.CHATS).find(Filters.eq("_id", chat)).first();
        assertEquals(4, ((Number) head.get("messageCount")).intValue(), head.toJson());
    }

    @Test
    void presenceUsersAndTicketsWrittenLateByASupersededProjectorAreRefusedAndLeftAsTheSuccessorWroteThem() {
        OwnerEpoch first = new OwnerEpoch(database);
        first.takeOver();
        OwnerEpoch second = new OwnerEpoch(database);
        second.takeOver();

        PresenceState online = new PresenceState(client, List.of(new OpenConnection("c1", "g1", "run1")), List.of(), false, true, T0);
        PresenceState offline = new PresenceState(client, List.of(), List.of("c1"), false, false, T0.plusSeconds(5));
        new PresenceStore(database, second).saveAll(List.of(new PresenceStore.Stored(offline, AppliedActions.NONE)));
        PresenceStore frozenPresence = new PresenceStore(database, first);
        assertThrows(Superseded.class, () -> frozenPresence.saveAll(List.of(new PresenceStore.Stored(online, AppliedActions.NONE))));
        assertFalse(new PresenceStore(database, second).load(List.of(client)).get(client).state().isOnline());

        new UserStore(database, second).saveAll(List.of(new User(client, "client", "New Name", null)));
        UserStore frozenUsers = new UserStore(database, first);
        assertThrows(Superseded.class, () -> frozenUsers.saveAll(List.of(new User(client, "client", "Old Name", null))));
        assertEquals("New Name", new UserStore(database, second).byId(client).orElseThrow().fullName());

        String ticketId = new ObjectId().toHexString();
        Ticket resolved = new Ticket(ticketId, client, "client", "help", Ticket.RESOLVED, provider, T0, T0.plusSeconds(9));
        Ticket open = new Ticket(ticketId, client, "client", "help", Ticket.OPEN, null, T0, T0);
        SupportStore successor = new SupportStore(database, second);
        successor.write(List.of(), List.of(new StoredTicket(resolved, 2, LastWrite.NONE)));
        SupportStore frozenTickets = new SupportStore(database, first);
        assertThrows(Superseded.class, () -> frozenTickets.write(List.of(), List.of(new StoredTicket(open, 1, LastWrite.NONE))));
        assertEquals(Ticket.RESOLVED, successor.tickets(List.of(ticketId)).get(ticketId).ticket().status());
    }

    @Test
    void documentsWrittenBeforeEpochsAndUnderEarlierOnesAreWrittenByTheCurrentOwner() {
        database.getCollection(UserReadModel.COLLECTION).insertOne(new Document("_id", client).append("role", "client").append("fullName", "Unfenced"));
        OwnerEpoch first = new OwnerEpoch(database);
        first.takeOver();
        new UserStore(database, first).saveAll(List.of(new User(client, "client", "Epoch one", null)));
        OwnerEpoch second = new OwnerEpoch(database);
        assertTrue(second.takeOver() > first.current());
        new UserStore(database, second).saveAll(List.of(new User(client, "client", "Epoch two", null)));
        assertEquals("Epoch two", new UserStore(database, second).byId(client).orElseThrow().fullName());
    }

    @Test
    void aLostCounterDoesNotHandOutEpochsBelowTheStampsOfDocumentsWrittenBefore() throws InterruptedException {
        OwnerEpoch before = new OwnerEpoch(database);
        before.takeOver();
        before.takeOver();
        new UserStore(database, before).saveAll(List.of(new User(client, "client", "Before", null)));
        database.getCollection(OwnerEpoch.COLLECTION).drop(); // or restored from an older backup under a running stack
        Thread.sleep(10); // a restart comes later than the epochs it follows (they were raised to the clock, plus one each)

        OwnerEpoch after = new OwnerEpoch(database);
        assertTrue(after.takeOver() > before.current());
        new UserStore(database, after).saveAll(List.of(new User(client, "client", "After", null)));
        assertEquals("After", new UserStore(database, after).byId(client).orElseThrow().fullName());
    }

    @Test
    void anEpochTakenBeforeAnythingWasWrittenLeavesTheDatabaseEmptyForTheNextStart() {
        new OwnerEpoch(database).takeOver();
        assertFalse(ReadModels.holdsReadModels(database));
    }

    // ---- actions

    private MessageSubmitted send(String text) {
        return new MessageSubmitted(new ObjectId().toHexString(), chat, client, "client", "Client", null, text, "text", List.of(), null, false);
    }

    private Envelope<Event> action(ChatAction payload) {
        String id = "action-" + Ids.newId();
        return new Envelope<>(id, EventTypes.nameOf(payload), EventTypes.versionOf(payload), T0.plusSeconds(actions++),
                Actor.user(client, "client"), chat, id, payload);
    }
}
