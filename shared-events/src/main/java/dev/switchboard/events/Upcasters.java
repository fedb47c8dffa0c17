package dev.switchboard.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Readers for the older versions of event types. A breaking change to a payload's JSON bumps its type's
 * {@link EventVersion} and adds here one {@link Step} from the previous version: a small, named, pure function from the
 * old payload JSON to the next version's. {@link EventJson#read} chains the steps (v1 → v2 → … → current) before it binds
 * the payload, so the rest of the code only ever sees the current version.
 * <p>
 * A step sees the payload only (not the envelope), must not modify its argument, and must keep the record's meaning:
 * a change that cannot be expressed so is a new event type, not a new version. Every older version of every type has
 * exactly one step (checked when this class loads).
 */
public final class Upcasters {

    /** Turns the payload of {@code type} version {@code fromVersion} into version {@code fromVersion + 1}; {@code name} says how. */
    public record Step(String type, int fromVersion, String name, UnaryOperator<ObjectNode> function) {
        public Step {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(function, "function");
        }

        /** The next version of {@code payload}, which is left as it was (the function gets a copy, in case it is not pure). */
        public ObjectNode apply(ObjectNode payload) {
            ObjectNode next = function.apply(payload.deepCopy());
            if (next == null) {
                throw new IllegalStateException("upcaster " + this + " returned nothing");
            }
            return next;
        }

        @Override
        public String toString() {
            return type + " v" + fromVersion + "→v" + (fromVersion + 1) + " (" + name + ")";
        }
    }

    private static final List<Step> STEPS = List.of(
            new Step("TicketChangeRequested", 1, "the requester is userId, not adminId", Upcasters::ticketChangeRequestedV1ToV2),
            new Step("ChatRequested", 1, "an unknown participant was the requester's counterpart", Upcasters::chatRequestedV1ToV2),
            new Step("TicketChangeRequested", 2, "any assignee was taken", Upcasters::ticketChangeRequestedV2ToV3),
            new Step("ChatStatusRequested", 1, "a block was the chat's, lifted by either participant", Upcasters::chatStatusRequestedV1ToV2));

    private static final Map<String, Map<Integer, Step>> BY_TYPE = index(STEPS);

    private Upcasters() {
    }

    /**
     * TicketChangeRequested v1 → v2: v1 named the requesting user {@code adminId}, whatever their role (the projector
     * refuses non-admins from {@code role}); v2 calls them {@code userId}, like every other action. The value is the same.
     */
    static ObjectNode ticketChangeRequestedV1ToV2(ObjectNode v1) {
        return renamed(v1, "adminId", "userId");
    }

    /**
     * TicketChangeRequested v2 → v3: v2 assigned whatever user id it was given; v3 records the assignee's role and
     * assigns admins only. The step writes v2's rule into the record (an assignee is taken as an admin), so an old log
     * is decided as it was.
     */
    static ObjectNode ticketChangeRequestedV2ToV3(ObjectNode v2) {
        ObjectNode copy = v2.deepCopy();
        String assignee = copy.path("assignee").isTextual() ? copy.get("assignee").asText() : null;
        if (!copy.hasNonNull("assigneeRole") && assignee != null && !assignee.isEmpty()) {
            copy.put("assigneeRole", "admin");
        }
        return copy;
    }

    /**
     * ChatRequested v1 → v2: v1 took a participant of unknown role ({@code participantRole} null) to be on the other side
     * of the requester (a client's counterpart is a provider, and back), and opened the chat; v2 refuses an unknown
     * participant. The step writes v1's assumption into the record, so an old log is decided as it was.
     */
    static ObjectNode chatRequestedV1ToV2(ObjectNode v1) {
        ObjectNode copy = v1.deepCopy();
        JsonNode participantRole = copy.get("participantRole");
        if (participantRole == null || participantRole.isNull()) {
            copy.put("participantRole", "client".equals(copy.path("requesterRole").asText()) ? "provider" : "client");
        }
        return copy;
    }

    /**
     * ChatStatusRequested v1 → v2: v1 blocked the chat for both, and either participant's {@code active} lifted it; v2
     * keeps each block as its blocker's own. The step writes {@code ownBlock: false} into the record, so an old log is
     * decided as it was (and what was accepted after it, on the state it left, is accepted again on a rebuild).
     */
    static ObjectNode chatStatusRequestedV1ToV2(ObjectNode v1) {
        ObjectNode copy = v1.deepCopy();
        copy.put("ownBlock", false);
        return copy;
    }

    /**
     * A copy of {@code payload} with the field {@code from} under the name {@code to} (what stood under {@code to} in the
     * old version meant nothing, so it is replaced); without {@code from}, an unchanged copy.
     */
    static ObjectNode renamed(ObjectNode payload, String from, String to) {
        ObjectNode copy = payload.deepCopy();
        if (copy.has(from)) {
            JsonNode value = copy.remove(from);
            copy.set(to, value);
        }
        return copy;
    }

    /**
     * {@code payload}, written as version {@code version} of {@code type}, as the current version of that type; the
     * argument is left as it was. {@code version} must be between 1 and the current version.
     */
    public static ObjectNode toCurrent(String type, int version, ObjectNode payload) {
        int current = EventTypes.versionOf(type);
        if (version < 1 || version > current) {
            throw new IllegalArgumentException(type + " has no version " + version + " to upcast (current: " + current + ")");
        }
        ObjectNode upcast = payload;
        for (int from = version; from < current; from++) {
            Step step = BY_TYPE.getOrDefault(type, Map.of()).get(from);
            if (step == null) {
                throw new IllegalStateException("no upcaster for " + type + " v" + from); // prevented by the check at class load
            }
            upcast = step.apply(upcast);
        }
        return upcast;
    }

    /** Every registered step, in the order they were declared. */
    public static List<Step> steps() {
        return STEPS;
    }

    /** What is wrong with a set of steps for the registered event types: each older version needs exactly one. */
    static List<String> problems(List<Step> steps) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<Integer, Step>> byType = new HashMap<>();
        for (Step step : steps) {
            if (EventTypes.find(step.type()).isEmpty()) {
                problems.add("upcaster for unknown event type: " + step);
                continue;
            }
            int current = EventTypes.versionOf(step.type());
            if (step.fromVersion() < 1 || step.fromVersion() >= current) {
                problems.add("upcaster from a version that is not older than the current v" + current + ": " + step);
            }
            Step previous = byType.computeIfAbsent(step.type(), t -> new HashMap<>()).putIfAbsent(step.fromVersion(), step);
            if (previous != null) {
                problems.add("two upcasters from the same version: " + previous + " and " + step);
            }
        }
        EventTypes.all().forEach((type, cls) -> {
            for (int version = 1; version < EventTypes.versionOf(cls); version++) {
                if (!byType.getOrDefault(type, Map.of()).containsKey(version)) {
                    problems.add("no upcaster for " + type + " v" + version + "→v" + (version + 1));
                }
            }
        });
        return problems;
    }

    private static Map<String, Map<Integer, Step>> index(List<Step> steps) {
        List<String> problems = problems(steps);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("event upcasters are inconsistent: " + problems);
        }
        Map<String, Map<Integer, Step>> byType = new HashMap<>();
        for (Step step : steps) {
            byType.computeIfAbsent(step.type(), t -> new HashMap<>()).put(step.fromVersion(), step);
        }
        byType.replaceAll((type, byVersion) -> Collections.unmodifiableMap(byVersion));
        return Collections.unmodifiableMap(byType);
    }
}
