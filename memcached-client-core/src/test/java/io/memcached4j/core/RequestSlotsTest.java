package io.memcached4j.core;

import io.memcached4j.BackpressureException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestSlotsTest {

    @Test
    void anAsynchronousCallerPastTheLimitGetsBackpressureAtOnce() {
        RequestSlots slots = new RequestSlots(2, "host:11211");
        assertNull(slots.acquire(false, 0));
        assertNull(slots.acquire(false, 0));
        assertEquals(2, slots.inUse());
        MemcachedException refused = slots.acquire(false, TimeUnit.SECONDS.toNanos(10));
        BackpressureException e = assertInstanceOf(BackpressureException.class, refused);
        assertTrue(e.getMessage().contains("host:11211") && e.getMessage().contains("limit is 2"), e.getMessage());
        assertEquals(2, slots.inUse(), "a refusal takes nothing");
        slots.release();
        assertNull(slots.acquire(false, 0), "a released slot is free again");
    }

    @Test
    void aBlockingCallerWaitsUpToItsTimeoutThenTimesOut() {
        RequestSlots slots = new RequestSlots(1, "s");
        assertNull(slots.acquire(true, 0));
        long start = System.nanoTime();
        MemcachedException refused = slots.acquire(true, TimeUnit.MILLISECONDS.toNanos(50));
        assertInstanceOf(MemcachedTimeoutException.class, refused);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "it waited for a slot");
        assertEquals(0, slots.available());
    }

    @Test
    void aBlockingCallerGetsTheSlotReleasedWhileItWaits() throws Exception {
        RequestSlots slots = new RequestSlots(1, "s");
        assertNull(slots.acquire(true, 0));
        Thread releaser = new Thread(slots::release);
        releaser.start();
        assertNull(slots.acquire(true, TimeUnit.SECONDS.toNanos(10)));
        releaser.join();
        assertEquals(1, slots.inUse());
    }

    @Test
    void theLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RequestSlots(0, "s"));
    }
}
