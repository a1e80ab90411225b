package io.memcached4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line flags of the form {@code --name value}; unknown flags are refused. */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Options() {
    }

    /**
     * Parses {@code --name value} pairs, keeping only the names in {@code known}.
     *
     * @throws IllegalArgumentException on a flag that is not known or has no value
     */
    static Options parse(String[] args, String... known) {
        List<String> names = Arrays.asList(known);
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !names.contains(arg.substring(2))) {
                throw new IllegalArgumentException("unknown flag " + arg + "; known: --" + String.join(", --", names));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + arg + " needs a value");
            }
            options.values.put(arg.substring(2), args[++i]);
        }
        return options;
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("flag --" + name + " is required");
        }
        return value;
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    /** A flag that is {@code yes} or {@code no}; false when absent. */
    boolean yes(String name) {
        String value = values.getOrDefault(name, "no");
        if (!value.equals("yes") && !value.equals("no")) {
            throw new IllegalArgumentException("--" + name + " is yes or no, was " + value);
        }
        return value.equals("yes");
    }

    /** A positive number, fractions allowed ({@code 0.9}). */
    double positive(String name, double fallback) {
        double number = number(name, fallback);
        if (!(number > 0) || Double.isInfinite(number)) {
            throw new IllegalArgumentException("--" + name + " must be a positive number, was " + values.get(name));
        }
        return number;
    }

    /** A duration in seconds, fractions allowed ({@code 0.5}). */
    Duration seconds(String name, double fallback) {
        double seconds = number(name, fallback);
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("--" + name + " must be a non-negative number of seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private double number(String name, double fallback) {
        String value = values.get(name);
        return value == null ? fallback : Double.parseDouble(value);
    }

    /** A comma-separated list. */
    List<String> list(String name, String fallback) {
        List<String> items = new ArrayList<>();
        for (String item : string(name, fallback).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
