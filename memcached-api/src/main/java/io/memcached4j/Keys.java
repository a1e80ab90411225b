package io.memcached4j;

/**
 * The key and command-line rules every implementation applies before a byte is sent.
 *
 * <p>A key is 1 to {@value #MAX_KEY_BYTES} bytes of UTF-8 with no space and no control character
 * (no CR, LF, NUL, tab or DEL), so that no key can ever inject a second command. Binary keys are
 * possible only through the meta commands' base64 mode ({@link MetaRequest.Builder#base64Key}).
 */
public final class Keys {
    /** The longest key memcached accepts, in bytes. */
    public static final int MAX_KEY_BYTES = 250;
    /** The longest command line {@link MemcachedClient#rawCommand} sends, in bytes. */
    public static final int MAX_COMMAND_LINE_BYTES = 2048;

    private Keys() {
    }

    /**
     * Checks a key against the rules above.
     *
     * @param key the key
     * @return the key, for chaining
     * @throws IllegalArgumentException naming the rule the key breaks; {@link NullPointerException} for null
     */
    public static String requireValid(String key) {
        String problem = problem(key);
        if (problem != null) {
            throw new IllegalArgumentException("invalid memcached key " + quote(key) + ": " + problem);
        }
        return key;
    }

    /**
     * Tells whether a key follows the rules, without throwing.
     *
     * @param key the key, may be null
     * @return true when {@link #requireValid} would accept it
     */
    public static boolean isValid(String key) {
        return key != null && problem(key) == null;
    }

    /**
     * Checks one command line for {@link MemcachedClient#rawCommand}: not blank, no CR, LF or other
     * control character, at most {@value #MAX_COMMAND_LINE_BYTES} bytes.
     *
     * @param commandLine the line, without its line terminator
     * @return the line
     * @throws IllegalArgumentException naming the rule the line breaks
     */
    public static String requireValidCommandLine(String commandLine) {
        if (commandLine == null) {
            throw new NullPointerException("commandLine");
        }
        if (commandLine.isBlank()) {
            throw new IllegalArgumentException("invalid command line: it is empty");
        }
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("invalid command line " + quote(commandLine)
                        + ": it contains a control character (0x" + Integer.toHexString(c)
                        + " at index " + i + "); send one command per line, without CR or LF");
            }
        }
        if (utf8Length(commandLine) > MAX_COMMAND_LINE_BYTES) {
            throw new IllegalArgumentException("invalid command line: longer than "
                    + MAX_COMMAND_LINE_BYTES + " bytes");
        }
        return commandLine;
    }

    /**
     * Returns the number of bytes a string takes on the wire, where it is sent as
     * {@code s.getBytes(UTF_8)} would encode it, without encoding it: an unpaired surrogate is sent
     * as one {@code ?}, so it counts 1 byte. Key and command-line limits are checked with it.
     *
     * @param s the string
     * @return its length in bytes
     */
    public static int utf8Length(String s) {
        int length = s.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < length
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for 2 chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    private static String problem(String key) {
        if (key == null) {
            throw new NullPointerException("key");
        }
        if (key.isEmpty()) {
            return "it is empty (a key is 1 to " + MAX_KEY_BYTES + " bytes)";
        }
        int length = key.length();
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == 0x7f) { // one test for the space and the controls below it, on every key's path
                return c == ' ' ? "it contains a space at index " + i
                        : "it contains a control character (0x" + Integer.toHexString(c) + ") at index " + i;
            }
        }
        int bytes = length <= MAX_KEY_BYTES / 3 ? length : utf8Length(key);
        if (bytes > MAX_KEY_BYTES) {
            return "it is " + bytes + " bytes in UTF-8, longer than the limit of " + MAX_KEY_BYTES + " bytes";
        }
        return null;
    }

    private static String quote(String key) {
        if (key == null) {
            return "null";
        }
        String shown = key.length() > 40 ? key.substring(0, 40) + "..." : key;
        StringBuilder sb = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
