package dev.switchboard.projector.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.switchboard.projector.ProjectorSettings;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The projector's handle on the read-model database (its client, health and contents); each feature declares its own collections and indexes. */
@Component
public class ReadModels implements AutoCloseable {
    /** One document the projector writes to check the store; not a read model. */
    public static final String HEALTH = "projector_health";
    /** The projector's own bookkeeping, no read model: left out when asking whether a database holds any, and when comparing two. */
    public static final Set<String> BOOKKEEPING = Set.of(HEALTH, LogPositions.COLLECTION, OwnerEpoch.COLLECTION);

    private final MongoClient client;
    private final MongoDatabase database;

    public ReadModels(ProjectorSettings settings) {
        this.client = MongoClients.create(settings.store().uri());
        this.database = client.getDatabase(settings.store().database());
    }

    /** The read-model database: the stores take their collections from it, the shared queries ({@code dev.switchboard.readmodels}) read it. */
    @Bean
    public MongoDatabase database() {
        return database;
    }

    /**
     * Whether the store answers and takes a write right now: before an action is set aside as unappliable, this
     * tells a bad action from a store that fails every write (disk full, closed, …).
     */
    public boolean acceptsWrites() {
        try {
            database.getCollection(HEALTH).updateOne(Filters.eq("_id", "projector"), Updates.inc("checks", 1L),
                    new UpdateOptions().upsert(true));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Throws unless the store answers a ping within {@code timeout}. */
    public void ping(Duration timeout) {
        database.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).runCommand(new Document("ping", 1));
    }

    /** Whether any read model holds a document (the projector's own bookkeeping aside). */
    public boolean holdsReadModels() {
        return holdsReadModels(database);
    }

    /** Whether any read model of {@code database} holds a document (the projector's own bookkeeping aside). */
    public static boolean holdsReadModels(MongoDatabase database) {
        for (String name : database.listCollectionNames()) {
            if (!BOOKKEEPING.contains(name) && database.getCollection(name).find().limit(1).first() != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
    }
}
