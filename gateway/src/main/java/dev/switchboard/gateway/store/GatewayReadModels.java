package dev.switchboard.gateway.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.readmodels.chat.ChatReadModel;
import dev.switchboard.readmodels.notification.NotificationReadModel;
import dev.switchboard.readmodels.presence.PresenceReadModel;
import dev.switchboard.readmodels.support.SupportReadModel;
import dev.switchboard.readmodels.user.UserReadModel;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's handle on the store: it makes the read models' queries ({@code dev.switchboard.readmodels}, read only:
 * the projector is their one writer) available as beans, which features take directly, and the gateways' own database.
 */
@Component
public class GatewayReadModels implements AutoCloseable {
    private final StoreHangs hangs = new StoreHangs();
    private final MongoClient client;
    private final ReadPreference readPreference;
    private final String database;
    private final String gatewayDatabase;
    private final ChatReadModel chats;
    private final SupportReadModel support;
    private final NotificationReadModel notifications;
    private final PresenceReadModel presence;
    private final UserReadModel users;

    public GatewayReadModels(GatewaySettings settings) {
        MongoClientSettings clientSettings = MongoClientSettings.builder(clientSettings(settings.store().uri(), settings.storeTimeout()))
                .addCommandListener(hangs).build();
        this.client = MongoClients.create(clientSettings);
        hangs.pingWith(() -> ping(settings.storeTimeout()));
        this.readPreference = clientSettings.getReadPreference();
        this.database = settings.store().database();
        this.gatewayDatabase = settings.gatewayDatabase();
        this.chats = new ChatReadModel(client.getDatabase(database));
        this.support = new SupportReadModel(client.getDatabase(database));
        this.notifications = new NotificationReadModel(client.getDatabase(database));
        this.presence = new PresenceReadModel(client.getDatabase(database));
        this.users = new UserReadModel(client.getDatabase(database));
    }

    /** The URI's settings; where it sets no time limit of its own, {@code timeout} for every operation and for finding a server. */
    static MongoClientSettings clientSettings(String uri, Duration timeout) {
        ConnectionString connection = new ConnectionString(uri);
        MongoClientSettings.Builder builder = MongoClientSettings.builder().applyConnectionString(connection);
        if (connection.getTimeout() == null && connection.getServerSelectionTimeout() == null) {
            builder.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        return builder.build();
    }

    @Bean
    public ChatReadModel chats() {
        return chats;
    }

    @Bean
    public SupportReadModel support() {
        return support;
    }

    @Bean
    public NotificationReadModel notifications() {
        return notifications;
    }

    @Bean
    public PresenceReadModel presence() {
        return presence;
    }

    @Bean
    public UserReadModel users() {
        return users;
    }

    /**
     * Whether the driver knows a server it can read from now (by the URI's read preference), and the store has not been
     * found hanging since it last answered ({@link StoreHangs}). While the store is down the driver's monitor says so at
     * once, so a caller need not wait {@code STORE_TIMEOUT_MS} to find out; while it hangs, the first read that waited
     * for it does.
     */
    public boolean isReachable() {
        return !hangs.isHanging() && client.getClusterDescription().hasReadableServer(readPreference);
    }

    /** Whether a command timed out waiting for the store since it last answered a ping ({@link StoreHangs}). */
    public boolean isFoundHanging() {
        return hangs.isHanging();
    }

    /** Refuses {@code UNAVAILABLE} at once while the store is not {@link #isReachable() reachable}: for a read about to be made. */
    public void requireReachable() {
        if (!isReachable()) {
            throw ClientError.storeUnavailable();
        }
    }

    /**
     * Called by a socket event's handler before it reads the store: {@link #requireReachable()}, then, on the socket
     * server's event loop, moves the event off it ({@link OffTheLoop}).
     */
    public void beforeReading() {
        requireReachable();
        OffTheLoop.beforeReading();
    }

    /** Throws unless the store answers a ping within {@code timeout}. */
    public void ping(Duration timeout) {
        client.getDatabase(database).withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .runCommand(new Document("ping", 1));
    }

    /** A collection of the gateways' own database ({@code GATEWAY_DATABASE}), which they read and write. */
    public MongoCollection<Document> gatewayCollection(String name) {
        return client.getDatabase(gatewayDatabase).getCollection(name);
    }

    @Override
    public void close() {
        hangs.close();
        client.close();
    }
}
