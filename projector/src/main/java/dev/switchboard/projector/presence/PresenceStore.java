package dev.switchboard.projector.presence;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.switchboard.projector.presence.PresenceState.OpenConnection;
import dev.switchboard.projector.store.AppliedActions;
import dev.switchboard.projector.store.OwnerEpoch;
import dev.switchboard.readmodels.presence.PresenceReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code presence} collection: one document per user,
 * {@code { _id: userId, isOnline, lastActive, manualOffline, connections: [{connectionId, gatewayId, gatewayRunId}],
 * recentlyClosed: [connectionId], applied: [...] }}.
 * Indexes: {@code _id} (by user), {@code connections.gatewayRunId} (the gateway watchdog's query).
 */
@Component
public class PresenceStore {
    public record Stored(PresenceState state, AppliedActions applied) {
    }

    private final MongoCollection<Document> presence;
    private final OwnerEpoch owner;

    public PresenceStore(MongoDatabase database, OwnerEpoch owner) {
        this.owner = owner;
        this.presence = database.getCollection(PresenceReadModel.COLLECTION);
        presence.createIndexes(PresenceReadModel.INDEXES);
    }

    public Map<String, Stored> load(Collection<String> userIds) {
        Map<String, Stored> byUser = new HashMap<>();
        for (Document doc : presence.find(Filters.in("_id", userIds))) {
            byUser.put(doc.getString("_id"), fromBson(doc));
        }
        return byUser;
    }

    /** Replaces the users' presence documents whole, fenced by this process's {@link OwnerEpoch}. */
    public void saveAll(Collection<Stored> changed) {
        if (changed.isEmpty()) {
            return;
        }
        long epoch = owner.current();
        List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
        for (Stored stored : changed) {
            writes.add(new ReplaceOneModel<>(OwnerEpoch.fenced(stored.state().userId(), epoch),
                    OwnerEpoch.stamped(toBson(stored), epoch), new ReplaceOptions().upsert(true)));
        }
        owner.bulkWrite(presence, writes, new BulkWriteOptions(), epoch);
    }

    /** Users with a connection open on the given gateway run. */
    public List<PresenceState> withConnectionsOn(String gatewayRunId) {
        List<PresenceState> states = new ArrayList<>();
        for (Document doc : presence.find(Filters.eq("connections.gatewayRunId", gatewayRunId))) {
            states.add(fromBson(doc).state());
        }
        return states;
    }

    public List<String> gatewayRunsWithOpenConnections() {
        return presence.distinct("connections.gatewayRunId", String.class).into(new ArrayList<>());
    }

    private static Document toBson(Stored stored) {
        PresenceState state = stored.state();
        return new Document("_id", state.userId())
                .append("isOnline", state.isOnline())
                .append("lastActive", state.lastActive() == null ? null : Date.from(state.lastActive()))
                .append("manualOffline", state.manualOffline())
                .append("connections", state.connections().stream()
                        .map(c -> new Document("connectionId", c.connectionId())
                                .append("gatewayId", c.gatewayId())
                                .append("gatewayRunId", c.gatewayRunId()))
                        .toList())
                .append("recentlyClosed", state.recentlyClosed())
                .append("applied", stored.applied().toBson());
    }

    private static Stored fromBson(Document doc) {
        Date lastActive = doc.getDate("lastActive");
        PresenceState state = new PresenceState(
                doc.getString("_id"),
                doc.getList("connections", Document.class, List.of()).stream()
                        .map(c -> new OpenConnection(c.getString("connectionId"), c.getString("gatewayId"), c.getString("gatewayRunId")))
                        .toList(),
                doc.getList("recentlyClosed", String.class, List.of()),
                doc.getBoolean("manualOffline", false),
                doc.getBoolean("isOnline", false),
                lastActive == null ? null : lastActive.toInstant());
        return new Stored(state, AppliedActions.fromBson(doc.getList("applied", Document.class)));
    }
}
