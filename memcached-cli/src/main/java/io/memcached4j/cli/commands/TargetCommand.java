package io.memcached4j.cli.commands;

import io.memcached4j.cli.Io;
import io.memcached4j.cli.TargetOptions;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A scriptable command that runs against a {@link Target}: it takes the target options (before or
 * after its name), opens the target, runs, and closes it. Subclasses implement {@link #run(Target)}.
 */
abstract class TargetCommand implements Callable<Integer> {
    /** The streams: results on {@code out}, errors and progress on {@code err}. */
    final Io io;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Spec
    CommandSpec spec;

    TargetCommand(Io io) {
        this.io = io;
    }

    @Override
    public final Integer call() throws Exception {
        try (Target opened = Target.open(options())) {
            if (opened.isDemo() && io.errIsTerminal()) {
                io.err().println(Target.DEMO_NOTICE);
            }
            int code = run(opened);
            io.out().flush();
            return code;
        }
    }

    /**
     * Does the command's work.
     *
     * @param target the open target
     * @return the exit code
     * @throws Exception reported on one line, with the exit code of its kind
     */
    abstract int run(Target target) throws Exception;

    /** @return the options given before this command's name, overridden by those given after it */
    TargetOptions options() {
        CommandSpec parent = spec.parent();
        CommandSpec mixin = parent == null ? null : parent.mixins().get("target");
        if (mixin != null && mixin.userObject() instanceof TargetOptions before) {
            return before.overriddenBy(target);
        }
        return target;
    }
}
