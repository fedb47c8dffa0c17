package dev.switchboard.standalone;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One stack per data directory, taken before anything in it is opened. The embedded broker locks its log directory
 * only after its controller has already written to the metadata log there, so a second stack started by mistake on the
 * same {@code DATA_DIR} wrote into the running one's metadata before it failed (and once left it to be truncated at
 * the next start). The operating system drops the lock with the process, {@code kill -9} included.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "switchboard.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IllegalStateException when another stack (in any process) holds {@code dataDir} */
    static DataDirLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("DATA_DIR " + dataDir + " is in use by another running Switchboard stack; "
                    + "stop it first, or give this one its own DATA_DIR (and ports)");
        }
        return new DataDirLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
