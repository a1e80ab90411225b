package io.memcached4j;

import java.util.Objects;

/**
 * A user name and password for memcached's text-protocol authentication (the server's {@code -Y}
 * auth file). Immutable. The password is never shown: {@link #toString()} masks it.
 */
public final class Credentials {
    private final String username;
    private final String password;

    private Credentials(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /**
     * Makes credentials. memcached splits the login on spaces, so neither part may hold whitespace
     * or control characters.
     *
     * @param username not empty, printable without spaces
     * @param password not empty, printable without spaces
     * @return the credentials
     * @throws IllegalArgumentException when a part is empty or holds a space or control character
     */
    public static Credentials of(String username, String password) {
        return new Credentials(check(username, "username", username), check(password, "password", null));
    }

    /** @return the user name */
    public String username() {
        return username;
    }

    /** @return the password; do not log it */
    public String password() {
        return password;
    }

    private static String check(String value, String name, String shown) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the " + name + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("the " + name + (shown == null ? "" : " '" + shown + "'")
                        + " holds a space or control character at index " + i + ", which memcached's login cannot carry");
            }
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && c.username.equals(username) && c.password.equals(password);
    }

    @Override
    public int hashCode() {
        return username.hashCode() * 31 + password.hashCode();
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=****]";
    }
}
