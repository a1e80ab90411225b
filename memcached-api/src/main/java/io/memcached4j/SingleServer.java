package io.memcached4j;

import java.util.List;

/** The check behind the single-server conveniences ({@code singleServerStats()} and the like). */
final class SingleServer {
    private SingleServer() {
    }

    /**
     * Returns the only server, or refuses a client of several before anything is sent.
     *
     * @param servers the client's servers
     * @param method the convenience called, such as {@code singleServerStats()}
     * @param perServerForm what to call instead, such as {@code stats()}
     * @return the only server
     * @throws IllegalStateException when there are several servers, naming them
     */
    static ServerAddress of(List<ServerAddress> servers, String method, String perServerForm) {
        if (servers.size() != 1) {
            throw new IllegalStateException(method + " is for a client of one server, and this one has "
                    + servers.size() + ": " + servers + "; use " + perServerForm + ", which answers per server");
        }
        return servers.get(0);
    }
}
