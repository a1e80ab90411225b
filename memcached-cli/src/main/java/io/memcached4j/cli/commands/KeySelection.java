package io.memcached4j.cli.commands;

import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyInfo;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Which keys a command works on: a prefix, a glob pattern and a limit, read from {@code KeyEnumerator}. */
final class KeySelection {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Only keys starting with this.")
    String prefix = "";

    @Option(names = {"-p", "--pattern"}, paramLabel = "GLOB",
            description = "Only keys matching this glob as a whole: * any run of characters, ? one character.")
    String pattern;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N keys.")
    Long limit;

    /**
     * Streams the selected keys of every server; close the stream.
     *
     * @param target the open target
     * @return the keys, in the servers' dump order
     */
    Stream<KeyInfo> stream(Target target) {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
        }
        EnumerationOptions.Builder options = target.enumerationOptions().keyPrefix(prefix);
        if (pattern == null && limit != null) {
            options.limit(limit);
        }
        Stream<KeyInfo> keys = target.keyEnumerator(options.build()).stream();
        if (pattern != null) {
            Pattern glob = glob(pattern);
            keys = keys.filter(k -> glob.matcher(k.key()).matches());
            if (limit != null) {
                keys = keys.limit(limit);
            }
        }
        return keys;
    }

    /** @return the regular expression a glob means: {@code *} any run, {@code ?} one character, the rest literal */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
