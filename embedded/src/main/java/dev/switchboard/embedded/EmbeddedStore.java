package dev.switchboard.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.switchboard.embedded.store.FileStoreBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB-wire-compatible store (mongo-java-server with its H2 file backend, see {@link FileStoreBackend}) on loopback. Applications
 * reach it only through the official MongoDB driver, so the same code runs against a real MongoDB.
 */
public final class EmbeddedStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

    private static final String EARLIER_FILE_NAME = "switchboard.mv";

    private final MongoServer server;
    private final H2Backend backend;
    private final int port;

    private EmbeddedStore(MongoServer server, H2Backend backend, int port) {
        this.server = server;
        this.backend = backend;
        this.port = port;
    }

    public static EmbeddedStore start(Path dir, int port) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(dir);
        Path file = dir.resolve(FileStoreBackend.FILE_NAME);
        if (Files.exists(dir.resolve(EARLIER_FILE_NAME)) && !Files.exists(file)) {
            // starting on an empty store while the projector's offsets say everything was applied would lose the read models
            throw new IOException(dir.resolve(EARLIER_FILE_NAME) + " was written by an earlier build whose index order differs. "
                    + "Move it away, then start once with PROJECTOR_REBUILD=true: the read models are rebuilt from the Kafka log "
                    + "(publishing nothing) before the projector starts.");
        }
        H2Backend backend = new FileStoreBackend(dir);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        log.info("document store (mongo-java-server, H2 file {}) on 127.0.0.1:{} started in {} ms", file, port,
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedStore(server, backend, port);
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        backend.close();
    }
}
