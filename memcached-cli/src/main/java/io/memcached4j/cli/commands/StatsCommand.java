package io.memcached4j.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import io.memcached4j.ServerAddress;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code stats}: prints a statistics group of every server, once or refreshed. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Print the statistics of every server, once or refreshed.", "The general ones, or a group (settings, items, slabs,"
                + " conns, ...). text: one row per statistic, one column per server. tsv: server, name, value."
                + " json: one object per refresh, {server: {name: value}}.",
            "--watch refreshes them (like top on a terminal; a timestamped block per refresh otherwise), adding"
                + " the rate per second of counters that moved."})
public final class StatsCommand extends TargetCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "GROUP", description = "A statistics group.")
    String group;

    @Option(names = {"-w", "--watch"}, arity = "0..1", fallbackValue = "2", paramLabel = "SECONDS",
            description = "Refresh every SECONDS (default 2) until interrupted.")
    Double watch;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "With --watch, stop after N refreshes.")
    Integer count;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "text, json or tsv (default: text).")
    OutputFormat format = OutputFormat.TEXT;

    StatsCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException, InterruptedException {
        if (group != null && !group.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("GROUP is one word of letters, digits and _, was \"" + group + "\"");
        }
        if (watch != null && !(watch > 0)) {
            throw new IllegalArgumentException("--watch must be a positive number of seconds, was " + watch);
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, was " + count);
        }
        int refreshes = watch == null ? 1 : count == null ? Integer.MAX_VALUE : count;
        Map<ServerAddress, Map<String, String>> previous = null;
        long previousNanos = 0;
        for (int i = 0; i < refreshes; i++) {
            if (i > 0) {
                Thread.sleep(Math.round(watch * 1000));
            }
            Map<ServerAddress, Map<String, String>> stats = group == null
                    ? target.client().stats() : target.client().stats(group);
            long nanos = System.nanoTime();
            double seconds = previous == null ? 0 : (nanos - previousNanos) / 1e9;
            print(stats, previous, seconds, watch != null);
            previous = stats;
            previousNanos = nanos;
        }
        return ExitCodes.OK;
    }

    private void print(Map<ServerAddress, Map<String, String>> stats, Map<ServerAddress, Map<String, String>> previous,
                       double seconds, boolean watching) throws IOException {
        PrintStream out = io.out();
        switch (format) {
            case JSON -> {
                try (JsonGenerator json = Json.lines(out)) {
                    json.writeStartObject();
                    for (Map.Entry<ServerAddress, Map<String, String>> server : stats.entrySet()) {
                        json.writeObjectFieldStart(server.getKey().toString());
                        for (Map.Entry<String, String> stat : server.getValue().entrySet()) {
                            json.writeStringField(stat.getKey(), stat.getValue());
                        }
                        json.writeEndObject();
                    }
                    Json.endLine(json);
                }
            }
            case TSV -> stats.forEach((server, values) -> values.forEach((name, value) ->
                    out.append(server.toString()).append('\t').append(name).append('\t').append(value).append('\n')));
            default -> {
                if (watching) {
                    out.print(io.outIsTerminal() ? "\033[H\033[2J" : "");
                    out.println("# " + Instant.now() + (group == null ? "" : " stats " + group));
                }
                out.print(table(stats, previous, seconds));
            }
        }
        out.flush();
    }

    /** One row per statistic, one column per server (a header row when there are several). */
    static String table(Map<ServerAddress, Map<String, String>> stats, Map<ServerAddress, Map<String, String>> previous,
                        double seconds) {
        List<ServerAddress> servers = new ArrayList<>(stats.keySet());
        Set<String> names = new LinkedHashSet<>();
        stats.values().forEach(values -> names.addAll(values.keySet()));
        List<String[]> rows = new ArrayList<>();
        if (servers.size() > 1) {
            String[] header = new String[servers.size() + 1];
            header[0] = "";
            for (int i = 0; i < servers.size(); i++) {
                header[i + 1] = servers.get(i).toString();
            }
            rows.add(header);
        }
        for (String name : names) {
            String[] row = new String[servers.size() + 1];
            row[0] = name;
            for (int i = 0; i < servers.size(); i++) {
                ServerAddress server = servers.get(i);
                String value = stats.get(server).getOrDefault(name, "");
                String before = previous == null || previous.get(server) == null ? null : previous.get(server).get(name);
                row[i + 1] = value + rate(value, before, seconds);
            }
            rows.add(row);
        }
        int[] widths = new int[servers.size() + 1];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(row[i]);
                if (i < row.length - 1) {
                    sb.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** @return {@code " (+12.5/s)"} for a counter that moved since the previous refresh, else empty */
    static String rate(String value, String before, double seconds) {
        if (before == null || seconds <= 0 || value.equals(before)) {
            return "";
        }
        try {
            double delta = Double.parseDouble(value) - Double.parseDouble(before);
            return String.format(Locale.ROOT, " (%+.1f/s)", delta / seconds);
        } catch (NumberFormatException e) {
            return "";
        }
    }
}
