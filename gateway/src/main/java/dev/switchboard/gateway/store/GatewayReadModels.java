package dev.switchboard.gateway.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.switchboard.gateway.GatewaySettings;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Read-only access to the projector's read models, for queries and quick checks. */
@Component
public class GatewayReadModels implements AutoCloseable {
    private final MongoClient client;
    private final String database;

    public GatewayReadModels(GatewaySettings settings) {
        this.client = MongoClients.create(settings.mongoUri());
        this.database = settings.database();
    }

    public MongoCollection<Document> collection(String name) {
        return client.getDatabase(database).getCollection(name);
    }

    /** Throws unless the store answers a ping within {@code timeout}. */
    public void ping(java.time.Duration timeout) {
        client.getDatabase(database).withTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .runCommand(new Document("ping", 1));
    }

    @Override
    public void close() {
        client.close();
    }
}
