package io.memcached4j;

/**
 * A server refused the client's login ({@link ClientConfig#credentials()}): the user name or the
 * password is wrong, or the server did not accept the token. The client retries with its reconnect
 * backoff, so a fixed password in the server's auth file is picked up without a restart.
 */
public class MemcachedAuthenticationException extends MemcachedConnectionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the server; never the password
     */
    public MemcachedAuthenticationException(String message) {
        super(message);
    }
}
