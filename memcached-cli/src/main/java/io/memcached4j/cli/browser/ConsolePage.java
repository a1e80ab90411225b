package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.memcached4j.ServerAddress;
import io.memcached4j.cli.commands.RawCommand;

import java.util.ArrayList;
import java.util.List;

/**
 * A raw command console: one line to one server, its reply shown (an error reply marked as one); Up and
 * Down walk the history.
 */
final class ConsolePage implements Page {
    private static final int SCROLLBACK = 5000;
    private static final List<String> HISTORY = new ArrayList<>();
    private final Browser b;
    private final LineInput input = new LineInput("");
    private final List<Line> output = new ArrayList<>();
    private int server;
    private int historyAt = HISTORY.size();
    private int scroll;

    ConsolePage(Browser b) {
        this.b = b;
        output.add(new Line("A command line as memcached reads it (version, stats slabs), then Enter.", Role.DIM));
        output.add(new Line("\u2191 \u2193 history  tab next server  PgUp PgDn scroll  esc back", Role.DIM));
    }

    /** One line of the scrollback and how it is drawn. */
    private record Line(String text, Role role) {
    }

    @Override
    public void draw(Canvas c) {
        ServerAddress s = b.servers.get(server);
        c.fill(0, Role.TITLE);
        c.text(1, 0, "Console  " + s, Role.TITLE);
        int rows = c.height - 2;
        List<Line> wrapped = wrap(c.width);
        scroll = Math.min(scroll, Math.max(0, wrapped.size() - rows));
        int end = Math.max(0, wrapped.size() - scroll);
        int start = Math.max(0, end - rows);
        for (int i = start, y = 1; i < end; i++, y++) {
            c.text(0, y, wrapped.get(i).text(), wrapped.get(i).role());
        }
        int x = c.text(0, c.height - 1, s + "> ", Role.ACCENT);
        input.draw(c, x, c.height - 1, c.width - x - 1);
    }

    /** @return the scrollback with each line longer than the screen split over several rows */
    private List<Line> wrap(int width) {
        List<Line> rows = new ArrayList<>(output.size());
        for (Line l : output) {
            String t = l.text();
            rows.add(new Line(t.substring(0, Math.min(t.length(), width)), l.role()));
            for (int i = width; i < t.length(); i += width) {
                rows.add(new Line(t.substring(i, Math.min(t.length(), i + width)), l.role()));
            }
        }
        return rows;
    }

    @Override
    public void key(KeyStroke k) {
        switch (k.getKeyType()) {
            case Escape -> b.pop();
            case Tab -> server = (server + 1) % b.servers.size();
            case ArrowUp -> {
                if (historyAt > 0) {
                    input.set(HISTORY.get(--historyAt));
                }
            }
            case ArrowDown -> {
                if (historyAt < HISTORY.size() - 1) {
                    input.set(HISTORY.get(++historyAt));
                } else {
                    historyAt = HISTORY.size();
                    input.set("");
                }
            }
            case PageUp -> scroll += 10;
            case PageDown -> scroll = Math.max(0, scroll - 10);
            case Enter -> send();
            default -> input.key(k);
        }
    }

    private void send() {
        String line = input.text().strip();
        if (line.isEmpty()) {
            return;
        }
        HISTORY.remove(line);
        HISTORY.add(line);
        historyAt = HISTORY.size();
        input.set("");
        scroll = 0;
        ServerAddress s = b.servers.get(server);
        output.add(new Line("> " + line, Role.ACCENT));
        b.async(() -> b.client.rawCommand(s, line), this::replied, t -> append(new Line("! " + Browser.message(t), Role.ERROR)));
    }

    private void replied(List<String> reply) {
        boolean error = RawCommand.isErrorReply(reply);
        for (int i = 0; i < reply.size(); i++) {
            append(new Line(reply.get(i), error && i == reply.size() - 1 ? Role.ERROR : Role.NORMAL));
        }
        if (error) {
            append(new Line("! the server refused the command (an error reply)", Role.ERROR));
        }
    }

    private void append(Line line) {
        output.add(line);
        while (output.size() > SCROLLBACK) {
            output.remove(0);
        }
    }
}
