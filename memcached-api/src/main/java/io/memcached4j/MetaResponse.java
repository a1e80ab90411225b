package io.memcached4j;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A meta reply: its status, the flags the server returned and, for {@code VA}, the value.
 *
 * <p>For a quiet request ({@code q}) whose outcome the server did not report, the client
 * synthesizes the silent outcome: {@code HD} for a store, delete or arithmetic, {@code EN} for a get.
 *
 * @param status the status
 * @param flags the returned flags, in the server's order
 * @param value the value of a {@code VA} reply, null otherwise; not copied
 */
public record MetaResponse(MetaStatus status, List<MetaFlag> flags, byte[] value) {
    /**
     * Validates the components.
     *
     * @param status the status
     * @param flags the flags
     * @param value the value
     */
    public MetaResponse {
        Objects.requireNonNull(status, "status");
        flags = List.copyOf(flags);
    }

    /**
     * Returns the token of a returned flag.
     *
     * @param flag the letter
     * @return the token (empty string for a flag without one), or empty when absent
     */
    public Optional<String> flag(char flag) {
        for (MetaFlag f : flags) {
            if (f.flag() == flag) {
                return Optional.of(f.token());
            }
        }
        return Optional.empty();
    }

    /** @return true for {@code VA} and {@code HD} replies to a get, and for successful stores */
    public boolean isSuccess() {
        return status == MetaStatus.VALUE || status == MetaStatus.HEADER || status == MetaStatus.NOOP
                || status == MetaStatus.DEBUG;
    }

    /** @return true for a miss ({@code EN}) */
    public boolean isMiss() {
        return status == MetaStatus.MISS;
    }

    /** @return the returned CAS token ({@code c}), if any */
    public Optional<Long> cas() {
        return flag('c').map(Long::parseUnsignedLong);
    }

    /** @return the returned opaque ({@code O}), if any */
    public Optional<String> opaque() {
        return flag('O');
    }

    /** @return true when this client won the right to recache ({@code W}) */
    public boolean won() {
        return flag('W').isPresent();
    }

    /** @return true when the item is stale ({@code X}) */
    public boolean stale() {
        return flag('X').isPresent();
    }

    /** @return true when another client already won the recache ({@code Z}) */
    public boolean alreadyWon() {
        return flag('Z').isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetaResponse other && status == other.status && flags.equals(other.flags)
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, flags) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "MetaResponse[" + status.code() + " " + flags
                + (value == null ? "" : ", value=" + value.length + " bytes") + "]";
    }
}
