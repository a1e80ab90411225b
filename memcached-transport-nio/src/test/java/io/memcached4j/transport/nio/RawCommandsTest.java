package io.memcached4j.transport.nio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RawCommandsTest {

    @ParameterizedTest
    @ValueSource(strings = {"stats", "stats settings", "get a b c", "version", "mg key v c", "mn",
            "lru_crawler metadump all", "flush_all 10", "verbosity 1", "md quietkey"})
    void acceptsLinesThatGetExactlyOneReply(String line) {
        assertEquals(line, RawCommands.check(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"set k 0 0 1", "ADD k 0 0 1", "cas k 0 0 1 5", "ms k 2", "quit",
            "flush_all noreply", "delete k noreply", "mg k v q", "md k q"})
    void refusesLinesAfterWhichRepliesWouldNoLongerLineUp(String line) {
        assertThrows(IllegalArgumentException.class, () -> RawCommands.check(line));
    }

    @Test
    void refusesControlCharacters() {
        assertThrows(IllegalArgumentException.class, () -> RawCommands.check("get a\r\nflush_all"));
        assertThrows(NullPointerException.class, () -> RawCommands.check(null));
    }
}
