package io.memcached4j.core;

import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data block of ElastiCache's {@code config get cluster} reply, as a line reader returns it. */
class ClusterConfigTest {

    /** Splits a reply's data block as {@code LineConnection.readLine} does: on LF, dropping a CR before it. */
    private static List<String> lines(String block) {
        return Arrays.asList(block.replace("\r\n", "\n").split("\n", -1));
    }

    @Test
    void parsesTheVersionAndEveryNodeByHostName() {
        // the data block between "CONFIG cluster 0 147\r\n" and "END\r\n", from the ElastiCache documentation's shape
        String block = "12\nmycluster.0001.use1.cache.amazonaws.com|10.82.235.120|11211 "
                + "mycluster.0002.use1.cache.amazonaws.com|10.80.249.27|11212\n\r\n";
        ClusterConfig config = ClusterConfig.parse(lines(block));
        assertEquals(12, config.version());
        assertEquals(List.of(new ServerAddress("mycluster.0001.use1.cache.amazonaws.com", 11211),
                new ServerAddress("mycluster.0002.use1.cache.amazonaws.com", 11212)), config.nodes());
    }

    @Test
    void aNodeWithoutHostNameIsAddressedByItsIp() {
        ClusterConfig config = ClusterConfig.parse(lines("3\n|10.0.0.7|11211\n\r\n"));
        assertEquals(List.of(new ServerAddress("10.0.0.7", 11211)), config.nodes());
    }

    @Test
    void refusesWhatIsNotAConfiguration() {
        for (String bad : List.of("", "1\n", "x\nh|1.2.3.4|11211\n", "-1\nh|1.2.3.4|11211\n",
                "1\nh|1.2.3.4\n", "1\nh|1.2.3.4|port\n", "1\nh|1.2.3.4|70000\n", "1\n||11211\n",
                "1\nh|1.2.3.4|11211 h|1.2.3.4|11211\n", "1\nh|1.2.3.4|11211\nmore\n")) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> ClusterConfig.parse(lines(bad)), bad);
            assertTrue(e.getMessage().contains("configuration"), e.getMessage());
        }
    }
}
