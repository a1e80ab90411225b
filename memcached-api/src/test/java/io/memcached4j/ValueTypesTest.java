package io.memcached4j;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The values made by factories ({@code Capabilities}, {@code KeyInfo}, {@code MetaResponse}) compare by content. */
class ValueTypesTest {
    private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 11211);

    @Test
    void capabilitiesParseTheirVersionAndCompareByContent() {
        Capabilities beta = Capabilities.of(SERVER, "1.6.0-beta", true, true, true, false, 1024);
        assertEquals(Optional.of(new ServerVersion(1, 6, 0, "beta")), beta.version());
        assertEquals(Optional.empty(), Capabilities.of(SERVER, "garbage", true, false, true, false, 0).version());
        assertEquals(Optional.empty(), Capabilities.of(SERVER, "", false, false, false, false, 0).version());
        assertEquals(beta, Capabilities.of(SERVER, "1.6.0-beta", true, true, true, false, 1024));
        assertEquals(beta.hashCode(), Capabilities.of(SERVER, "1.6.0-beta", true, true, true, false, 1024).hashCode());
        assertNotEquals(beta, Capabilities.of(SERVER, "1.6.0-beta", true, true, true, true, 1024));
        assertEquals("Capabilities[server=127.0.0.1:11211, rawVersion=1.6.0-beta, version=1.6.0-beta, crawlerEnabled=true,"
                + " metadump=true, metaCommands=true, mgdump=false, itemSizeMax=1024]", beta.toString());
        assertThrows(NullPointerException.class, () -> Capabilities.of(null, "1.6.18", true, true, true, true, 0));
        assertThrows(NullPointerException.class, () -> Capabilities.of(SERVER, null, true, true, true, true, 0));
    }

    @Test
    void keyInfoHasNoExpirationWhenNullAndComparesByContent() {
        KeyInfo never = KeyInfo.of("k", null, Instant.EPOCH, -1, true, 3, 70, SERVER);
        assertTrue(never.neverExpires());
        assertEquals(Optional.empty(), never.expiration());
        KeyInfo expiring = KeyInfo.of("k", Instant.ofEpochSecond(5), Instant.EPOCH, -1, true, 3, 70, SERVER);
        assertFalse(expiring.neverExpires());
        assertEquals(Optional.of(Instant.ofEpochSecond(5)), expiring.expiration());
        assertNotEquals(never, expiring);
        assertEquals(expiring, KeyInfo.of("k", Instant.ofEpochSecond(5), Instant.EPOCH, -1, true, 3, 70, SERVER));
        assertEquals(expiring.hashCode(), KeyInfo.of("k", Instant.ofEpochSecond(5), Instant.EPOCH, -1, true, 3, 70, SERVER).hashCode());
        assertEquals("KeyInfo[key=k, expiration=never, lastAccess=1970-01-01T00:00:00Z, cas=18446744073709551615,"
                + " fetched=true, slabClass=3, size=70, server=127.0.0.1:11211]", never.toString());
        assertThrows(NullPointerException.class, () -> KeyInfo.of(null, null, Instant.EPOCH, 0, false, 1, 1, SERVER));
        assertThrows(NullPointerException.class, () -> KeyInfo.of("k", null, null, 0, false, 1, 1, SERVER));
    }

    @Test
    void metaResponseCopiesItsFlagsAndComparesValuesByContent() {
        List<MetaFlag> flags = new ArrayList<>(List.of(MetaFlag.of('c', "7")));
        MetaResponse r = MetaResponse.of(MetaStatus.VALUE, flags, new byte[]{1, 2});
        flags.clear();
        assertEquals(List.of(MetaFlag.of('c', "7")), r.flags());
        assertEquals(OptionalLong.of(7), r.cas());
        assertEquals(OptionalLong.empty(), MetaResponse.of(MetaStatus.HEADER, List.of(), null).cas());
        assertEquals(r, MetaResponse.of(MetaStatus.VALUE, List.of(MetaFlag.of('c', "7")), new byte[]{1, 2}));
        assertEquals(r.hashCode(), MetaResponse.of(MetaStatus.VALUE, List.of(MetaFlag.of('c', "7")), new byte[]{1, 2}).hashCode());
        assertNotEquals(r, MetaResponse.of(MetaStatus.VALUE, List.of(MetaFlag.of('c', "7")), new byte[]{1, 3}));
        assertEquals("MetaResponse[VA [c7], value=2 bytes]", r.toString());
        assertThrows(NullPointerException.class, () -> MetaResponse.of(null, List.of(), null));
    }

    @Test
    void valueTypesThatWillGrowHideTheirConstructorsAndHoldNoOptionals() throws NoSuchMethodException {
        for (Class<?> type : List.of(Capabilities.class, KeyInfo.class, MetaResponse.class)) {
            assertFalse(type.isRecord(), type + " is no record: a record's canonical constructor is public");
            assertTrue(Modifier.isFinal(type.getModifiers()), type + " is final");
            assertEquals(0, type.getConstructors().length, type + " has no public constructor: its factory is of(...)");
            for (Field field : type.getDeclaredFields()) {
                Class<?> held = field.getType();
                assertFalse(held == Optional.class || held == OptionalLong.class || held == OptionalInt.class,
                        type.getSimpleName() + "." + field.getName() + " holds no Optional: absent is null inside");
            }
        }
        assertEquals(OptionalLong.class, MetaResponse.class.getMethod("cas").getReturnType(),
                "an absent number is an OptionalLong, as MemcachedClient.increment returns");
        assertEquals(OptionalLong.class, MemcachedClient.class.getMethod("increment", String.class, long.class)
                .getReturnType());
    }
}
