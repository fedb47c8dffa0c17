package dev.switchboard.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimesTest {
    @Test
    void readsEveryTimeItWritesAsTheSameInstant() {
        SplittableRandom random = new SplittableRandom(42);
        long latest = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(0, latest));
            assertEquals(instant, Times.parse(Times.iso(instant)));
        }
        for (String edge : new String[]{"1970-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
                "2000-02-29T12:00:00.001Z", "2026-12-31T00:00:00.000Z"}) {
            assertEquals(Instant.parse(edge), Times.parse(edge));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-27T12:26:08Z", "2025-11-27T12:26:08.8Z", "2025-11-27T12:26:08.849123Z",
            "2025-11-27T12:26:08.849+01:00", "2025-11-27T12:26:08.849z", "2016-12-31T23:59:60.000Z"})
    void readsOtherIsoFormsAsInstantParseDoes(String text) {
        assertEquals(Instant.parse(text), Times.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T12:26:08.849Z", "2025-13-01T12:26:08.849Z", "2025-00-10T12:26:08.849Z",
            "2025-11-31T12:26:08.849Z", "2025-11-27T25:26:08.849Z", "2025-11-27T12:60:08.849Z", "2025-11-27T12:26:08.84xZ",
            "+025-11-27T12:26:08.849Z", "2025-11-27 12:26:08.849Z", "", "yesterday"})
    void refusesWhatIsNoInstantAsInstantParseDoes(String text) {
        assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
        assertThrows(DateTimeParseException.class, () -> Times.parse(text));
    }
}
