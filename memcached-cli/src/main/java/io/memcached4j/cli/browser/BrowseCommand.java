package io.memcached4j.cli.browser;

import io.memcached4j.cli.TargetOptions;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The full-screen key browser. */
@Command(name = "browse", mixinStandardHelpOptions = true, description = "Browse the keys of a memcached in a full-screen terminal UI (the default).")
public final class BrowseCommand implements Runnable {

    @Mixin
    TargetOptions target = new TargetOptions();

    @Override
    public void run() {
        run(target);
    }

    /** Runs the browser on the target the options name. */
    public void run(TargetOptions options) {
        try (Target target = Target.open(options)) {
            System.out.println("memcached4j browser: not built yet; target " + target.servers());
        }
    }
}
