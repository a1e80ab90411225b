/**
 * A {@link io.memcached4j.transcoder.Transcoder} that stores values as JSON with Jackson databind:
 * {@link io.memcached4j.json.JsonTranscoder}. Optional: the API does not depend on it.
 */
module io.memcached4j.json {
    requires transitive io.memcached4j;
    requires transitive com.fasterxml.jackson.databind;

    exports io.memcached4j.json;
}
