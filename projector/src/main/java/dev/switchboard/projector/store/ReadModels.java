package dev.switchboard.projector.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.switchboard.projector.ProjectorSettings;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** The projector's handle on the read-model database; each feature declares its own collections and indexes. */
@Component
public class ReadModels implements AutoCloseable {
    private final MongoClient client;
    private final MongoDatabase database;

    public ReadModels(ProjectorSettings settings) {
        this.client = MongoClients.create(settings.mongoUri());
        this.database = client.getDatabase(settings.database());
    }

    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    @Override
    public void close() {
        client.close();
    }
}
