package io.memcached4j.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The harness's {@code --tls} flag: run the clients over plain TCP only ({@code no}, the default),
 * over TLS only ({@code yes}), or both ways ({@code both}), each client's plain and TLS runs back to
 * back so that their ratio is taken under the same conditions. Only the main table's workloads
 * run over TLS ({@link #covers}).
 */
enum TlsMode {
    NO, YES, BOTH;

    /**
     * One run of a repetition: a client, over TLS or not.
     *
     * @param client the client
     * @param overTls whether it speaks TLS to the TLS memcached
     */
    record Run(ClientKind client, boolean overTls) {
        /** @return the client's id, with {@code +tls} over TLS: for progress lines and log names */
        String label() {
            return overTls ? client.id() + "+tls" : client.id();
        }
    }

    /**
     * Reads the flag.
     *
     * @throws IllegalArgumentException for anything but no, yes or both
     */
    static TlsMode of(String flag) {
        return switch (flag) {
            case "no" -> NO;
            case "yes" -> YES;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException("--tls takes no, yes or both, not " + flag);
        };
    }

    /**
     * Whether the TLS variant runs the workload: the main table's workloads ({@link Workload}) only;
     * the growth tables' ({@link GrowthWorkload}, with servers and settings of their own) run plain.
     */
    static boolean covers(Scenario workload) {
        return workload instanceof Workload;
    }

    /** @return whether a TLS memcached is needed */
    boolean tls() {
        return this != NO;
    }

    /**
     * The runs of one repetition for one workload, in the clients' order: each client plain, TLS or
     * both; with both, plain first in even repetitions and TLS first in odd ones. Clients without TLS
     * run plain only, so not at all with {@code yes}.
     */
    List<Run> runs(List<ClientKind> order, int repetition) {
        List<Run> runs = new ArrayList<>();
        for (ClientKind client : order) {
            boolean tlsFirst = this == BOTH && repetition % 2 == 1;
            if (this != YES && !tlsFirst) {
                runs.add(new Run(client, false));
            }
            if (this != NO && client.supportsTls()) {
                runs.add(new Run(client, true));
            }
            if (tlsFirst) {
                runs.add(new Run(client, false));
            }
        }
        return runs;
    }
}
