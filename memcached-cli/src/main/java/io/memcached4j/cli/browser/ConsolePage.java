package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.memcached4j.ServerAddress;

import java.util.ArrayList;
import java.util.List;

/** A raw command console: one line to one server, its reply shown; Up and Down walk the history. */
final class ConsolePage implements Page {
    private static final int SCROLLBACK = 5000;
    private static final List<String> HISTORY = new ArrayList<>();
    private final Browser b;
    private final LineInput input = new LineInput("");
    private final List<String> output = new ArrayList<>();
    private int server;
    private int historyAt = HISTORY.size();
    private int scroll;

    ConsolePage(Browser b) {
        this.b = b;
        output.add("Raw commands, sent as typed (e.g. stats, stats slabs, version, lru_crawler enable).");
        output.add("Tab picks the server. Up/Down: history. PgUp/PgDn: scroll. Esc: back.");
    }

    @Override
    public void draw(Canvas c) {
        ServerAddress s = b.servers.get(server);
        c.fill(0, Role.TITLE);
        c.text(1, 0, "Console  " + s, Role.TITLE);
        int rows = c.height - 2;
        int end = Math.max(0, output.size() - scroll);
        int start = Math.max(0, end - rows);
        for (int i = start, y = 1; i < end; i++, y++) {
            String line = output.get(i);
            c.text(0, y, line, line.startsWith("> ") ? Role.ACCENT : line.startsWith("!") ? Role.ERROR : Role.NORMAL);
        }
        int x = c.text(0, c.height - 1, s + "> ", Role.ACCENT);
        input.draw(c, x, c.height - 1, c.width - x - 1);
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
            case PageUp -> scroll = Math.min(output.size(), scroll + 10);
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
        output.add("> " + line);
        b.async(() -> b.client.rawCommand(s, line), reply -> append(reply),
                t -> append(List.of("! " + Browser.message(t))));
    }

    private void append(List<String> lines) {
        output.addAll(lines);
        while (output.size() > SCROLLBACK) {
            output.remove(0);
        }
    }
}
