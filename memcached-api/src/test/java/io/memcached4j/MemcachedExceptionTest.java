package io.memcached4j;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemcachedExceptionTest {

    @Test
    void helpersRecognizeBareExceptions() {
        assertTrue(MemcachedException.isCacheMiss(new CacheMissException("k", "gone")));
        assertTrue(MemcachedException.isCasConflict(new CasConflictException("k", "changed")));
        assertFalse(MemcachedException.isCacheMiss(new CasConflictException("k", "changed")));
        assertFalse(MemcachedException.isCasConflict(new CacheMissException("k", "gone")));
        assertFalse(MemcachedException.isCacheMiss(null));
        assertFalse(MemcachedException.isCasConflict(new IllegalStateException()));
        assertTrue(MemcachedException.isBackpressure(new BackpressureException("slow down")));
        assertFalse(MemcachedException.isBackpressure(new MemcachedTimeoutException("late")));
        assertFalse(MemcachedException.isBackpressure(null));
    }

    @Test
    void helpersSeeThroughFutureWrappers() {
        CasConflictException conflict = new CasConflictException("k", "changed");
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(conflict);
        ExecutionException execution = assertThrows(ExecutionException.class, failed::get);
        CompletionException completion = assertThrows(CompletionException.class, failed::join);
        assertTrue(MemcachedException.isCasConflict(execution));
        assertTrue(MemcachedException.isCasConflict(completion));
        assertTrue(MemcachedException.isCasConflict(new CompletionException(new ExecutionException(conflict))));
        assertTrue(MemcachedException.isCacheMiss(new ExecutionException(new CacheMissException("k", "gone"))));
        assertTrue(MemcachedException.isBackpressure(new CompletionException(new BackpressureException("slow down"))));
        assertSame(conflict, MemcachedException.unwrap(new CompletionException(execution)));
    }

    @Test
    void keyIsKept() {
        assertTrue(new CasConflictException("user:1", "m").key().equals("user:1"));
    }
}
