package dev.switchboard.embedded.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import dev.switchboard.embedded.FreePorts;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Serves store backends on free ports for tests that compare them through the driver, and closes them in reverse,
 * after each test when registered as the test class's extension ({@code @RegisterExtension}).
 */
final class ServedBackends implements AutoCloseable, AfterEachCallback {
    private final Deque<Runnable> closing = new ArrayDeque<>();

    MongoDatabase serve(MongoBackend backend, String databaseName) {
        MongoServer server = new MongoServer(backend);
        int port = FreePorts.find();
        server.bind("127.0.0.1", port);
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port);
        closing.push(() -> {
            client.close();
            server.shutdown();
            backend.close();
        });
        return client.getDatabase(databaseName);
    }

    /** Closes the backend served last (its client and server first). */
    void closeLast() {
        closing.pop().run();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        while (!closing.isEmpty()) {
            closeLast();
        }
    }
}
