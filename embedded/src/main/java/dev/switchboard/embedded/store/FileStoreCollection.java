package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * H2's collection, keeping its data size (what {@code collStats} reports) with {@link BsonEncoding#sizeOf} instead of
 * the server's own size check, which encodes every inserted document, and both versions of every updated one, into a
 * new buffer. Same sizes, same points: after an insert, an update that changed the document, and a removal.
 */
final class FileStoreCollection extends H2Collection {
    FileStoreCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, documents, meta, cursorRegistry);
    }

    /** The server's own accounting is off; the methods below keep the same count. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object position = super.addDocumentInternal(document);
        updateDataSize(BsonEncoding.sizeOf(document));
        return position;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        updateDataSize(BsonEncoding.sizeOf(newDocument) - BsonEncoding.sizeOf(oldDocument));
    }

    @Override
    protected void removeDocument(Object position) {
        Document removed = getDocument(position);
        super.removeDocument(position);
        updateDataSize(-BsonEncoding.sizeOf(removed));
    }
}
