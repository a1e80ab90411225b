/**
 * memcached4j, the command line: a terminal key browser and scriptable commands for memcached,
 * on an embedded demo fake by default. An application, not a library: it exports nothing.
 */
module io.memcached4j.cli {
    requires io.memcached4j;
    requires io.memcached4j.testkit;
    requires info.picocli;
    requires com.googlecode.lanterna;
    requires com.fasterxml.jackson.databind;
    requires com.github.luben.zstd_jni;
    requires com.google.common;
    requires org.slf4j;
    requires java.logging;

    opens io.memcached4j.cli to info.picocli;
    opens io.memcached4j.cli.browser to info.picocli;
    opens io.memcached4j.cli.commands to info.picocli;
}
