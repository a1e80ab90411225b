package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import io.memcached4j.Capabilities;
import io.memcached4j.CapabilityDetector;
import io.memcached4j.Memcached;
import io.memcached4j.ServerAddress;
import io.memcached4j.cli.format.Sizes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each server can do, from {@link CapabilityDetector}: version, LRU crawler, metadump, meta
 * commands, item size limit. A disabled crawler is explained, with an offer to enable it.
 */
final class CapsPage implements Page {
    private final Browser b;
    private Map<ServerAddress, Capabilities> caps;
    private String error;

    CapsPage(Browser b) {
        this.b = b;
        detect();
    }

    private void detect() {
        b.async(() -> Memcached.capabilityDetector(b.client).detect(), c -> {
            caps = c;
            error = null;
        }, t -> error = Browser.message(t));
    }

    /** The offer to enable the LRU crawler on the servers where it is off. */
    static ConfirmPage enableCrawlerDialog(Browser b, List<ServerAddress> off) {
        return new ConfirmPage(b, "LRU crawler disabled", List.of(
                "The LRU crawler is disabled on " + (off.size() == 1 ? off.get(0) : off.size() + " servers") + ".",
                "Keys are listed with it (lru_crawler metadump), so none can be shown.",
                "",
                "Enable it now (lru_crawler enable)?   y enable   n no"), () -> enable(b, off));
    }

    static void enable(Browser b, List<ServerAddress> off) {
        b.async(() -> {
            List<String> replies = new ArrayList<>();
            for (ServerAddress s : off) {
                replies.add(s + ": " + String.join(" ", b.client.rawCommand(s, "lru_crawler enable")));
            }
            return replies;
        }, replies -> {
            b.status("lru_crawler enable: " + String.join("; ", replies), Role.ACCENT);
            b.refresh();
        }, b.showError("Enabling the crawler"));
    }

    @Override
    public void draw(Canvas c) {
        c.fill(0, Role.TITLE);
        c.text(1, 0, "Capabilities", Role.TITLE);
        int y = 2;
        if (caps == null) {
            c.text(1, y, error == null ? "Detecting\u2026" : "Detection failed: " + error, error == null ? Role.DIM : Role.ERROR);
        } else {
            c.text(1, y++, String.format("%-21s %-9s %-8s %-8s %-5s %-6s %s", "SERVER", "VERSION", "CRAWLER", "METADUMP",
                    "META", "MGDUMP", "ITEM MAX"), Role.DIM);
            List<ServerAddress> off = new ArrayList<>();
            for (Capabilities cap : caps.values()) {
                c.text(1, y++, String.format("%-21s %-9s %-8s %-8s %-5s %-6s %s", cap.server(),
                        cap.version().map(Object::toString).orElse(cap.rawVersion()), cap.crawlerEnabled() ? "on" : "OFF",
                        yes(cap.metadump()), yes(cap.metaCommands()), yes(cap.mgdump()), Sizes.format(cap.itemSizeMax())),
                        cap.crawlerEnabled() ? Role.NORMAL : Role.WARN);
                if (!cap.crawlerEnabled()) {
                    off.add(cap.server());
                }
            }
            y++;
            if (!off.isEmpty()) {
                c.text(1, y++, "The LRU crawler is OFF on " + off.size() + " server(s): their keys cannot be listed.", Role.WARN);
                c.text(1, y++, "Press E to enable it (sends lru_crawler enable).", Role.WARN);
            }
        }
        String msg = b.status();
        c.text(0, c.height - 1, msg.isEmpty() ? "E enable crawler  r re-detect  q back" : msg, msg.isEmpty() ? Role.DIM : b.statusRole);
    }

    private static String yes(boolean v) {
        return v ? "yes" : "no";
    }

    @Override
    public void key(KeyStroke k) {
        if (Keys.isBack(k)) {
            b.pop();
        } else if (Keys.is(k, 'r')) {
            caps = null;
            detect();
        } else if (Keys.is(k, 'E') && caps != null) {
            List<ServerAddress> off = caps.values().stream().filter(c -> !c.crawlerEnabled()).map(Capabilities::server).toList();
            if (off.isEmpty()) {
                b.status("The crawler is already on everywhere", Role.DIM);
            } else {
                b.push(enableCrawlerDialog(b, off));
            }
        }
    }
}
