package dev.switchboard.events;

import java.util.ArrayList;
import java.util.List;

/** Splits what one update would carry into several that each fit a log record. */
public final class Parts {
    private Parts() {
    }

    /** {@code items} in order, at most {@code max} a part; one empty part when there are none. */
    public static <T> List<List<T>> of(List<T> items, int max) {
        List<List<T>> parts = new ArrayList<>();
        for (int from = 0; from == 0 || from < items.size(); from += max) {
            parts.add(items.subList(from, Math.min(items.size(), from + max)));
        }
        return parts;
    }
}
