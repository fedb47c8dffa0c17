package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits per user: a flooding user is answered RATE_LIMITED and a quiet user beside them is not. */
class RateLimitsTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void aUserFloodingTheRestApiIsLimitedAndAQuietUserIsNot() throws Exception {
        String flooder = stack.token(Ids.newId(), "client");
        String quiet = stack.token(Ids.newId(), "client");
        String path = "/api/users/" + Ids.newId() + "/presence";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Rest.Response>> flood = IntStream.range(0, 1600).mapToObj(i -> pool.submit(() -> Rest.get(stack, path, flooder))).toList();
            List<Rest.Response> quietAnswers = IntStream.range(0, 20).mapToObj(i -> Rest.get(stack, path, quiet)).toList();

            List<Rest.Response> floodAnswers = flood.stream().map(RateLimitsTest::join).toList();
            List<Rest.Response> limited = floodAnswers.stream().filter(r -> r.status() == 429).toList();
            assertTrue(!limited.isEmpty(), "1,600 requests at once were all served");
            assertEquals("RATE_LIMITED", limited.get(0).body().getJSONObject("error").getString("code"));
            assertTrue(floodAnswers.stream().allMatch(r -> r.status() == 200 || r.status() == 429));
            assertTrue(quietAnswers.stream().allMatch(r -> r.status() == 200), "the quiet user was limited too");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Rest.Response join(Future<Rest.Response> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
