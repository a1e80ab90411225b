package io.memcached4j.cli.commands;

import io.memcached4j.ServerAddress;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code raw}: sends command lines as they are and prints the replies. */
@Command(name = "raw", mixinStandardHelpOptions = true,
        description = {"Send command lines as they are and print the replies.", "Sends one command line (the words given), or one per line of standard input, and print the"
                + " reply lines. Commands with a data block (set, ...), noreply and quiet meta commands are refused:"
                + " use set.",
            "With several servers, each command goes to every server (a '# host:port' line before each reply)"
                + " unless --server names one.",
            "Exit code 3 when a reply is ERROR, CLIENT_ERROR or SERVER_ERROR."})
public final class RawCommand extends TargetCommand {
    @Parameters(arity = "0..*", paramLabel = "WORD", description = "The command line, e.g. stats slabs.")
    List<String> words;

    @Option(names = "--server", paramLabel = "host:port", description = "The server to send to.")
    String server;

    RawCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException {
        List<ServerAddress> servers = target.servers();
        if (server != null) {
            ServerAddress named = ServerAddress.parse(server);
            if (!servers.contains(named)) {
                throw new IllegalArgumentException("--server " + named + " is not one of " + servers);
            }
            servers = List.of(named);
        }
        boolean failed = false;
        if (words != null && !words.isEmpty()) {
            failed = send(target, servers, String.join(" ", words));
        } else {
            BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    failed |= send(target, servers, line.strip());
                }
            }
        }
        return failed ? ExitCodes.SERVER_ERROR : ExitCodes.OK;
    }

    /** @return whether a server answered an error */
    private boolean send(Target target, List<ServerAddress> servers, String line) {
        boolean failed = false;
        for (ServerAddress address : servers) {
            List<String> reply = target.client().rawCommand(address, line);
            if (servers.size() > 1) {
                io.out().println("# " + address);
            }
            reply.forEach(io.out()::println);
            failed |= isErrorReply(reply);
        }
        io.out().flush();
        return failed;
    }

    /**
     * Tells whether a reply ends in an error line.
     *
     * @param reply the lines of one reply
     * @return whether its last line is {@code ERROR}, {@code CLIENT_ERROR ...} or {@code SERVER_ERROR ...}
     */
    public static boolean isErrorReply(List<String> reply) {
        String last = reply.isEmpty() ? "" : reply.get(reply.size() - 1);
        return last.equals("ERROR") || last.startsWith("ERROR ") || last.startsWith("CLIENT_ERROR")
                || last.startsWith("SERVER_ERROR");
    }
}
