package io.memcached4j.cli;

import io.memcached4j.cli.browser.BrowseCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code memcached4j}: the terminal key browser (no subcommand) and the scriptable commands.
 * Exit codes: 0 ok, 1 miss, 2 usage, 3 server or connection error.
 */
@Command(
        name = "memcached4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Browse and edit the keys of a memcached, or script it. With no server named, runs on an embedded demo fake.",
        subcommands = {BrowseCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Mixin
    TargetOptions target = new TargetOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests that run commands in process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExitCodeExceptionMapper(ExitCodes::forException);
    }

    @Override
    public void run() {
        new BrowseCommand().run(target);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"memcached4j " + (version == null ? "development build" : version)};
        }
    }
}
