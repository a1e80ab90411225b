package io.memcached4j;

import java.util.Objects;

/**
 * One flag of a meta command or reply: a letter and an optional token, as in {@code T30},
 * {@code v} or {@code Oabc}.
 *
 * @param flag the flag letter (ASCII letter)
 * @param token the token that follows it, empty when none
 */
public record MetaFlag(char flag, String token) {
    /**
     * Validates the flag: an ASCII letter, and a token without spaces or control characters
     * (the same rule as keys, so a returned UTF-8 key ({@code k}) is a valid token).
     *
     * @param flag the letter
     * @param token the token
     */
    public MetaFlag {
        Objects.requireNonNull(token, "token");
        if (!((flag >= 'a' && flag <= 'z') || (flag >= 'A' && flag <= 'Z'))) {
            throw new IllegalArgumentException("meta flag must be an ASCII letter, was '" + flag + "'");
        }
        if (token.length() > Keys.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("meta flag " + flag + " token is longer than " + Keys.MAX_KEY_BYTES);
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("meta flag " + flag
                        + " token must not contain spaces or control characters: \"" + token + "\"");
            }
        }
    }

    /**
     * A flag without a token.
     *
     * @param flag the letter
     * @return the flag
     */
    public static MetaFlag of(char flag) {
        return new MetaFlag(flag, "");
    }

    /**
     * A flag with a token.
     *
     * @param flag the letter
     * @param token the token
     * @return the flag
     */
    public static MetaFlag of(char flag, String token) {
        return new MetaFlag(flag, token);
    }

    @Override
    public String toString() {
        return flag + token;
    }
}
