package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoadTlsTest {
    @Test
    void theFirstStoreIsRetriedUntilTheClientHasConnected() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        LoadClient slowToConnect = new LoadClient() {
            @Override
            public byte[] get(String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void set(String key, byte[] value) {
                if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("not connected yet");
                }
            }

            @Override
            public int getMulti(List<String> keys) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };

        LoadTls.awaitFirstStore(slowToConnect, new KeySpace(10, 10));

        assertEquals(3, attempts.get());
    }
}
