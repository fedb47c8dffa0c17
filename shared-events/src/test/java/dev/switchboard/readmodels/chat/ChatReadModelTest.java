package dev.switchboard.readmodels.chat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.switchboard.events.Ids;
import dev.switchboard.events.chat.Message;
import dev.switchboard.readmodels.HistoryPage;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat queries both sides ask, against mongo-java-server (the embedded store's engine). */
class ChatReadModelTest {
    private static MongoServer server;
    private static MongoClient client;
    private static MongoDatabase database;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void startStore() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        database = client.getDatabase("chat-read-model-test");
        database.getCollection(ChatReadModel.CHATS).createIndexes(ChatReadModel.CHAT_INDEXES);
        database.getCollection(ChatReadModel.MESSAGES).createIndexes(ChatReadModel.MESSAGE_INDEXES);
    }

    @AfterAll
    static void stopStore() {
        client.close();
        server.shutdownNow();
    }

    private static void chat(String chatId, List<String> participants, Instant lastActivity) {
        database.getCollection(ChatReadModel.CHATS).insertOne(new Document("_id", chatId).append("participants", participants)
                .append("status", "active").append("createdAt", Date.from(T0)).append("lastActivityAt", Date.from(lastActivity)));
    }

    private static String message(String chatId, long seq, String sender, String receiver, boolean read) {
        String id = Ids.newId();
        Message message = new Message(id, chatId, new Message.Sender(sender, null, null, "client"), receiver, "m" + seq, "text", List.of(),
                null, false, null, read, read ? T0 : null, T0.plusSeconds(seq));
        database.getCollection(ChatReadModel.MESSAGES).insertOne(ChatReadModel.toBson(message).append("seq", seq));
        return id;
    }

    @Test
    void aUsersChatsComeNewestActivityFirstEachWithItsUnreadCountForThatUserOnly() {
        String me = Ids.newId();
        String a = Ids.newId();
        String b = Ids.newId();
        String quiet = Ids.newId();
        chat("ab-" + me, List.of(me, a), T0.plusSeconds(10));
        chat("bb-" + me, List.of(me, b), T0.plusSeconds(30));
        chat("qq-" + me, List.of(me, quiet), T0.plusSeconds(20));
        message("ab-" + me, 1, a, me, false);
        message("ab-" + me, 2, a, me, true);
        message("ab-" + me, 3, me, a, false);
        message("bb-" + me, 1, b, me, false);
        message("bb-" + me, 2, b, me, false);

        List<ChatReadModel.ChatWithUnread> chats = new ChatReadModel(database).chatsOf(me);

        assertEquals(List.of("bb-" + me, "qq-" + me, "ab-" + me), chats.stream().map(c -> c.chat().id()).toList());
        assertEquals(List.of(2L, 0L, 1L), chats.stream().map(ChatReadModel.ChatWithUnread::unreadCount).toList());
        assertEquals(1L, new ChatReadModel(database).chatsOf(a).get(0).unreadCount(), "the other side's unread are theirs");
    }

    @Test
    void eachUsersPartnersAreEveryoneSharingAChatWithThemAndAUserWithoutChatsHasNone() {
        String me = Ids.newId();
        String a = Ids.newId();
        String b = Ids.newId();
        String loner = Ids.newId();
        chat("p1-" + me, List.of(me, a), T0);
        chat("p2-" + me, List.of(b, me), T0);
        chat("p3-" + me, List.of(a, b), T0);

        Map<String, List<String>> partners = new ChatReadModel(database).partnersOfEach(List.of(me, a, loner));
        assertEquals(List.of(a, b), partners.get(me));
        assertEquals(List.of(me, b), partners.get(a));
        assertEquals(Set.of(me, a), partners.keySet(), "b was not asked about; the loner has no chats");
    }

    @Test
    void historyPagesGoNewestFirstFromTheCursorAndACursorOfAnotherChatIsNoPage() {
        String me = Ids.newId();
        String other = Ids.newId();
        String chatId = "h-" + me;
        chat(chatId, List.of(me, other), T0);
        String first = message(chatId, 1, me, other, false);
        message(chatId, 2, me, other, false);
        String third = message(chatId, 3, me, other, false);
        String elsewhere = message("x-" + me, 1, me, other, false);
        ChatReadModel chats = new ChatReadModel(database);

        HistoryPage<Message> newest = chats.history(chatId, null, 2).orElseThrow();
        assertEquals(List.of("m3", "m2"), newest.messages().stream().map(Message::content).toList());
        assertTrue(newest.hasMore());
        HistoryPage<Message> older = chats.history(chatId, new ObjectId(third), 5).orElseThrow();
        assertEquals(List.of("m2", "m1"), older.messages().stream().map(Message::content).toList());
        assertEquals(false, older.hasMore());
        assertEquals(0, chats.history(chatId, new ObjectId(first), 5).orElseThrow().messages().size());
        assertTrue(chats.history(chatId, new ObjectId(elsewhere), 5).isEmpty());
    }
}
