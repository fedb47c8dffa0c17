package dev.switchboard.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdStampsTest {

    @Test
    void stampsMadeAtOnceOnManyThreadsAreInTheSameOrderByIdAsByTime() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Ids.Stamp>>> made = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                made.add(threads.submit(() -> {
                    List<Ids.Stamp> stamps = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) {
                        stamps.add(Ids.newStamp());
                    }
                    return stamps;
                }));
            }
            List<Ids.Stamp> all = new ArrayList<>();
            for (Future<List<Ids.Stamp>> stamps : made) {
                all.addAll(stamps.get());
            }
            all.sort(Comparator.comparing(Ids.Stamp::id));

            for (int i = 1; i < all.size(); i++) {
                assertTrue(!all.get(i).at().isBefore(all.get(i - 1).at()), "id order is time order: " + all.get(i - 1) + " then " + all.get(i));
                assertTrue(Ids.isValid(all.get(i).id()));
            }
            assertEquals(all.size(), all.stream().map(Ids.Stamp::id).distinct().count(), "every id once");
        } finally {
            threads.shutdownNow();
        }
    }
}
