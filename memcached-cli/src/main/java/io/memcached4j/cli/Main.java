package io.memcached4j.cli;

import io.memcached4j.cli.browser.BrowseCommand;
import io.memcached4j.cli.browser.BrowserOptions;
import io.memcached4j.cli.commands.CapsCommand;
import io.memcached4j.cli.commands.CompletionCommand;
import io.memcached4j.cli.commands.DecrCommand;
import io.memcached4j.cli.commands.DeleteCommand;
import io.memcached4j.cli.commands.DumpCommand;
import io.memcached4j.cli.commands.FlushCommand;
import io.memcached4j.cli.commands.GetCommand;
import io.memcached4j.cli.commands.IncrCommand;
import io.memcached4j.cli.commands.KeysCommand;
import io.memcached4j.cli.commands.LoadCommand;
import io.memcached4j.cli.commands.RawCommand;
import io.memcached4j.cli.commands.SetCommand;
import io.memcached4j.cli.commands.StatsCommand;
import io.memcached4j.cli.commands.TouchCommand;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;

/**
 * {@code memcached4j}: the terminal key browser (no subcommand) and the scriptable commands.
 * Exit codes: 0 ok, 1 miss, 2 usage, 3 server or connection error; errors go to stderr on one line.
 */
@Command(
        name = "memcached4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Browse and edit the keys of a memcached, or script it. With no server named, runs on an"
                + " embedded demo fake.", "",
            "Exit codes: 0 ok, 1 miss (no such key, nothing matched), 2 usage, 3 server or connection error."},
        subcommands = {BrowseCommand.class, KeysCommand.class, GetCommand.class, SetCommand.class,
            DeleteCommand.class, TouchCommand.class, IncrCommand.class, DecrCommand.class, StatsCommand.class,
            CapsCommand.class, RawCommand.class, DumpCommand.class, LoadCommand.class, FlushCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Mixin
    TargetOptions target = new TargetOptions();

    @CommandLine.Mixin
    BrowserOptions browser = new BrowserOptions();

    private final Io io;

    Main(Io io) {
        this.io = io;
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Logging.toFile();
        System.exit(commandLine(Io.system()).execute(args));
    }

    /** @return the command line on the process's standard streams */
    public static CommandLine commandLine() {
        return commandLine(Io.system());
    }

    /**
     * The configured command line, for tests that run commands in process.
     *
     * @param io the streams its commands read and write
     * @return the command line; {@code execute(args)} returns the exit code
     */
    public static CommandLine commandLine(Io io) {
        CommandLine commandLine = new CommandLine(new Main(io), new Factory(io));
        commandLine.setOut(new PrintWriter(io.out(), true));
        commandLine.setErr(new PrintWriter(io.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExitCodeExceptionMapper(ExitCodes::forException);
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            io.err().println(prefix(cl) + ExitCodes.message(e));
            io.err().flush();
            return ExitCodes.forException(e);
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine cl = e.getCommandLine();
            io.err().println(prefix(cl) + ExitCodes.message(e) + " (see '" + cl.getCommandSpec().qualifiedName()
                    + " --help')");
            io.err().flush();
            return ExitCodes.USAGE;
        });
        return commandLine;
    }

    private static String prefix(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName() + ": ";
    }

    /** No subcommand: the browser; on the demo, first says so plainly. */
    @Override
    public void run() {
        Target.noticeFor(target).ifPresent(notice -> {
            io.out().println(notice);
            io.out().flush();
        });
        BrowseCommand.run(target, browser);
    }

    /** Gives each command that takes an {@link Io} the streams; other classes are made as picocli does. */
    private static final class Factory implements CommandLine.IFactory {
        private final Io io;

        Factory(Io io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> constructor : cls.getDeclaredConstructors()) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 1 && parameters[0] == Io.class) {
                    constructor.setAccessible(true);
                    return cls.cast(constructor.newInstance(io));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"memcached4j " + (version == null ? "development build" : version)};
        }
    }
}
