package dev.remolt;

import dev.remolt.config.Config;
import dev.remolt.config.ConfigException;
import dev.remolt.config.ConfigLoader;
import java.nio.file.Path;

/** Starts the server from the environment (and {@code .env}); exits 2 on bad settings. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
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
}
