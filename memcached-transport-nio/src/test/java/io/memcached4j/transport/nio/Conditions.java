package io.memcached4j.transport.nio;


import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The failure of a future that must fail (conditions are awaited with {@code Await.until}). */
final class Conditions {
    private Conditions() {
    }

    /**
     * Waits up to 10 seconds for a future that must fail.
     *
     * @param future the future
     * @return its failure, unwrapped from the {@link ExecutionException}
     */
    static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
        throw new AssertionError("the future succeeded");
    }
}
