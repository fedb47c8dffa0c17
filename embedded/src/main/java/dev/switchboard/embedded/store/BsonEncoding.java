package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * Encodes documents with mongo-java-server's wire encoder into one buffer per thread, kept between calls. A fresh
 * 256-byte buffer per document, grown by copying (what the server does to size a document, and what the file writer
 * did), was a tenth of the store's samples during a rebuild: the allocations, the copies and netty's allocation
 * counters.
 */
final class BsonEncoding {
    private static final int INITIAL_CAPACITY = 64 * 1024;
    /** A buffer that grew past this for an unusually large document is not kept. */
    private static final int KEPT_CAPACITY = 1024 * 1024;
    /** A plain heap buffer, not the allocator's: it is never released, only dropped, like any array. */
    private static final ThreadLocal<ByteBuf> BUFFER = ThreadLocal.withInitial(
            () -> new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, INITIAL_CAPACITY, Integer.MAX_VALUE));

    private BsonEncoding() {
    }

    /** The document's size in BSON: exactly what the server's own size check computes, without its allocations. */
    static int sizeOf(Document document) {
        ByteBuf buffer = encode(document);
        int size = buffer.readableBytes();
        release(buffer);
        return size;
    }

    /**
     * The document encoded into this thread's buffer, valid until the next call on the same thread; the caller reads
     * it and then calls {@link #release}.
     */
    static ByteBuf encode(Document document) {
        ByteBuf buffer = BUFFER.get();
        buffer.clear();
        BsonEncoder.encodeDocument(document, buffer);
        return buffer;
    }

    static void release(ByteBuf buffer) {
        if (buffer.capacity() > KEPT_CAPACITY) {
            BUFFER.remove();
        }
    }
}
