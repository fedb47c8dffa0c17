package dev.switchboard.events;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code shared-events/EVENTS.md} is what analysts read the export with: it lists every event type, under its topic,
 * with exactly the payload fields the log's JSON holds, and every version above the first with its change.
 */
class EventsDocumentTest {
    private static final Pattern SECTION = Pattern.compile("^## .*");
    private static final Pattern TYPE_ROW = Pattern.compile("^\\| (`[A-Za-z]+`(?: / `[A-Za-z]+`)*)(?: \\(([^)]*)\\))? \\| (.*?) \\|");
    private static final Pattern TYPE_NAME = Pattern.compile("`([A-Za-z]+)`");
    private static final Pattern VERSION_ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\| (\\d+) \\|");

    @Test
    void everyEventTypeIsListedUnderItsTopicWithExactlyTheFieldsItsJsonHolds() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("EVENTS.md"));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Class<? extends Event>> type : EventTypes.all().entrySet()) {
            Topic topic = topicOf(type.getValue());
            Optional<Row> row = rowOf(lines, type.getKey());
            if (row.isEmpty()) {
                wrong.add(type.getKey() + ": not listed");
                continue;
            }
            if (!row.get().section().contains("`" + topic.topicName() + "`")) {
                wrong.add(type.getKey() + ": listed under \"" + row.get().section() + "\", not under its topic " + topic.topicName());
            }
            Set<String> fields = jsonFields(type.getValue());
            if (!row.get().fields().equals(fields)) {
                wrong.add(type.getKey() + ": listed with " + row.get().fields() + ", its JSON holds " + fields);
            }
            int version = EventTypes.versionOf(type.getValue());
            String listedVersion = row.get().note() == null ? "" : row.get().note();
            if (version > 1 && !listedVersion.contains("v" + version)) {
                wrong.add(type.getKey() + ": at version " + version + ", listed without (v" + version + ")");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyVersionAboveTheFirstIsInTheVersionsTable() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("EVENTS.md"));
        Set<String> listed = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher version = VERSION_ROW.matcher(line);
            if (version.find()) {
                listed.add(version.group(1) + " v" + version.group(2));
            }
        }
        Set<String> versions = new LinkedHashSet<>();
        EventTypes.all().forEach((name, type) -> {
            for (int v = 2; v <= EventTypes.versionOf(type); v++) {
                versions.add(name + " v" + v);
            }
        });
        assertEquals(versions, listed);
    }

    private record Row(String section, Set<String> fields, String note) {
    }

    /** The type's row in a family's table: its section, the top-level fields of its payload, and its note ("v2"). */
    private static Optional<Row> rowOf(List<String> lines, String type) {
        String section = "";
        Set<String> previousFields = Set.of();
        for (String line : lines) {
            if (SECTION.matcher(line).matches()) {
                section = line;
                continue;
            }
            Matcher row = TYPE_ROW.matcher(line);
            if (!row.find() || !row.group(3).contains("{") && !row.group(3).equals("same")) {
                continue;
            }
            Set<String> fields = row.group(3).equals("same") ? previousFields : topLevelFields(row.group(3));
            previousFields = fields;
            Matcher names = TYPE_NAME.matcher(row.group(1));
            while (names.find()) {
                if (names.group(1).equals(type)) {
                    return Optional.of(new Row(section, fields, row.group(2)));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code `{ a, b: [c], d: { e } }`, more} → a, b, d. */
    private static Set<String> topLevelFields(String payload) {
        String object = payload.substring(payload.indexOf('{') + 1);
        Set<String> fields = new LinkedHashSet<>();
        StringBuilder field = new StringBuilder();
        int depth = 0;
        boolean named = false;
        for (char c : object.toCharArray()) {
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == ']' || c == '}' && depth > 0) {
                depth--;
            } else if (c == '}') {
                break;
            } else if (depth == 0 && c == ',') {
                fields.add(field.toString().trim());
                field.setLength(0);
                named = false;
            } else if (depth == 0 && c == ':') {
                named = true;
            } else if (depth == 0 && !named) {
                field.append(c);
            }
        }
        fields.add(field.toString().trim());
        return fields;
    }

    private static Set<String> jsonFields(Class<?> type) {
        BeanDescription description = EventJson.MAPPER.getSerializationConfig().introspect(EventJson.MAPPER.constructType(type));
        Set<String> fields = new LinkedHashSet<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.couldSerialize()) {
                fields.add(property.getName());
            }
        }
        return fields;
    }

    private static Topic topicOf(Class<?> type) {
        for (Topic topic : Topic.values()) {
            if (topic.family().isAssignableFrom(type)) {
                return topic;
            }
        }
        throw new IllegalStateException(type + " is in no topic's family");
    }
}
