package io.memcached4j.cli.commands;

import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code completion}: prints the bash/zsh completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for bash and zsh.",
            "Use: source <(memcached4j completion), or save it in /etc/bash_completion.d/memcached4j."})
public final class CompletionCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    CompletionCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        io.out().flush();
        return ExitCodes.OK;
    }
}
