package dev.remolt;

import dev.remolt.config.Config;
import dev.remolt.config.ConfigException;
import dev.remolt.config.ConfigLoader;
import java.nio.file.Path;

/** Starts the server from the environment (and {@code .env}); exits 2 on bad settings or arguments. */
public final class Main {
    static final String USAGE = """
            usage: java -jar remolt-server.jar [--help | --version]

            Without arguments, starts the Remolt server. Every setting comes from the environment,
            or from .env in the working directory; .env.example lists them all with their defaults.

              --help     print this and exit
              --version  print the version and git commit and exit
            """;

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.exit(answer(args));
            return;
        }
        Config config;
        try {
            config = ConfigLoader.fromEnvironment(Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        RemoltServer server;
        try {
            server = RemoltServer.start(config);
        } catch (IllegalStateException e) {
            System.err.println("Remolt cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    }

    /** Answers the command-line flags without starting anything; returns the exit code. */
    static int answer(String[] args) {
        switch (args[0]) {
            case "--help", "-h" -> {
                System.out.print(USAGE);
                return 0;
            }
            case "--version", "-V" -> {
                System.out.println(BuildInfo.current().describe());
                return 0;
            }
            default -> {
                System.err.print("unknown argument: " + args[0] + "\n" + USAGE);
                return 2;
            }
        }
    }
}
