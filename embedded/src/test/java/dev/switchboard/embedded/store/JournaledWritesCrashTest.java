package dev.switchboard.embedded.store;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.switchboard.embedded.EmbeddedStore;
import dev.switchboard.embedded.FreePorts;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store in a child JVM, killed with SIGKILL: what a journaled write acknowledged is in the file, and nothing later. */
class JournaledWritesCrashTest {
    private static final int BEFORE = 500;
    private static final int AFTER = 300;

    @Test
    void aKill9KeepsEveryWriteUpToTheLastJournaledOneAndNothingAfterIt(@TempDir Path dir) throws Exception {
        int port = FreePorts.find();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), dir.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean written = false;
            while ((line = out.readLine()) != null) {
                if (line.equals("WRITTEN")) {
                    written = true;
                    break;
                }
            }
            assertTrue(written, "the child never finished writing");
            Thread.sleep(1_500); // longer than H2's default background commit delay, which would have written the tail
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertEquals(BEFORE + 1, docs.countDocuments(Filters.lt("n", BEFORE + 1)), "writes up to the journaled one");
            assertEquals(0, docs.countDocuments(Filters.gt("n", BEFORE)), "writes after the last journaled one");
        }
    }

    /** Child: unjournaled writes, one journaled write, more unjournaled writes, then waits to be killed. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            EmbeddedStore store = EmbeddedStore.start(Path.of(args[0]), Integer.parseInt(args[1]));
            try (MongoClient client = MongoClients.create(store.connectionString())) {
                MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
                for (int n = 0; n < BEFORE; n++) {
                    docs.insertOne(new Document("n", n));
                }
                docs.withWriteConcern(WriteConcern.MAJORITY.withJournal(true)).insertOne(new Document("n", BEFORE));
                for (int n = BEFORE + 1; n <= BEFORE + AFTER; n++) {
                    docs.insertOne(new Document("n", n));
                }
                System.out.println("WRITTEN");
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }
}
