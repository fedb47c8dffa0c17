package dev.switchboard.embedded.store;

import com.mongodb.MongoCommandException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health checks ping the store: once H2 has closed it after an error, a ping fails too, and says why and what to do. */
class StoreClosedByAnErrorTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ServedBackends served = new ServedBackends();

    @Test
    void aPingFailsWithTheErrorOnceH2HasClosedTheStore() {
        FileStoreBackend backend = new FileStoreBackend(dir);
        MongoDatabase database = served.serve(backend, "closing");
        database.getCollection("kept").insertOne(new Document("_id", "a"));
        assertEquals(1.0, database.runCommand(new Document("ping", 1)).get("ok", Number.class).doubleValue());

        backend.getMvStore().getFileStore().close(); // the next write to the file fails, as on a disk gone away
        assertThrows(RuntimeException.class, () -> database.getCollection("kept").withWriteConcern(WriteConcern.JOURNALED)
                .insertOne(new Document("_id", "b")));

        MongoCommandException ping = assertThrows(MongoCommandException.class, () -> database.runCommand(new Document("ping", 1)));
        assertTrue(ping.getErrorMessage().contains("the store's file was closed after an error"), ping.getErrorMessage());
        assertTrue(ping.getErrorMessage().contains("restart the stack"), ping.getErrorMessage());
    }
}
