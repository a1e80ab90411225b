package io.memcached4j.json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.transcoder.Compression;
import io.memcached4j.transcoder.EncodedValue;
import io.memcached4j.transcoder.Transcoder;
import io.memcached4j.transcoder.TranscoderException;
import io.memcached4j.transcoder.Transcoders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values stored as JSON text that any client reads as a string. */
class JsonTranscoderTest {
    record Profile(String name, int age, List<String> tags) {
    }

    /** Jackson cannot write it: no properties. */
    static final class Opaque {
    }

    private static final Profile ADA = new Profile("Ada", 36, List.of("math", "engines"));

    private FakeMemcached fake;
    private MemcachedClient client;

    @BeforeEach
    void start() {
        fake = FakeMemcached.start();
        client = Memcached.connect(ClientConfig.builder().servers(fake.address().toString()).transport("inmem").build());
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void aValueIsStoredAsUtf8JsonWithStringFlags() {
        EncodedValue encoded = JsonTranscoder.of(Profile.class).encode(ADA);
        assertEquals(0, encoded.flags());
        assertEquals("{\"name\":\"Ada\",\"age\":36,\"tags\":[\"math\",\"engines\"]}", new String(encoded.value(), UTF_8));
        assertEquals(ADA, JsonTranscoder.of(Profile.class).decode(encoded.value(), encoded.flags()));
    }

    @Test
    void genericTypesAndTheCallersMapperAreUsed() {
        JsonTranscoder<Map<String, List<Integer>>> json =
                JsonTranscoder.of(new ObjectMapper(), new TypeReference<Map<String, List<Integer>>>() { });
        Map<String, List<Integer>> value = Map.of("primes", List.of(2, 3, 5));
        EncodedValue encoded = json.encode(value);
        assertEquals(value, json.decode(encoded.value(), encoded.flags()));
        assertEquals("JsonTranscoder[java.util.Map<java.lang.String,java.util.List<java.lang.Integer>>]", json.toString());
    }

    @Test
    void textThatIsNotJsonForTheTypeFailsToDecode() {
        TranscoderException e = assertThrows(TranscoderException.class,
                () -> JsonTranscoder.of(Profile.class).decode("not json".getBytes(UTF_8), 0));
        assertTrue(e.getMessage().startsWith("the value is not JSON for " + Profile.class.getName()), e.getMessage());
        TranscoderException flags = assertThrows(TranscoderException.class,
                () -> JsonTranscoder.of(Long.class).decode(new byte[] {5}, 0x300));
        assertTrue(flags.getMessage().contains("a long (flags 0x300"), flags.getMessage());
    }

    @Test
    void aValueJacksonCannotWriteIsRefusedBeforeAnythingIsSent() {
        ObjectMapper strict = new ObjectMapper().enable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        fake.clearRequests();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.set("k", new Opaque(), 0, JsonTranscoder.of(strict, Opaque.class)));
        assertTrue(e.getMessage().startsWith("cannot write a " + Opaque.class.getName() + " as JSON"), e.getMessage());
        assertEquals(0, fake.requestCount());
    }

    @Test
    void aClientStoresAndReadsJsonCompressedOrNot() {
        Transcoder<Profile> profiles = JsonTranscoder.of(Profile.class);
        client.set("p", ADA, 0, profiles);
        assertEquals(Optional.of(ADA), client.get("p", profiles));
        assertEquals(Optional.of(new String(profiles.encode(ADA).value(), UTF_8)), client.get("p", Transcoders.utf8()),
                "other clients read the JSON as a string");

        Profile large = new Profile("Ada", 36, java.util.Collections.nCopies(500, "analytical engine"));
        Transcoder<Profile> compressed = Transcoders.compressed(profiles, Compression.gzip(1_024));
        client.set("large", large, 0, compressed);
        assertEquals(Compression.GZIP_FLAG, client.get("large").orElseThrow().flags());
        assertEquals(Optional.of(large), client.get("large", profiles), "reading decompresses without being told");
    }
}
