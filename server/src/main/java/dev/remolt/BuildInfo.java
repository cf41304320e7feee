package dev.remolt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This build's version and git commit, written by Maven (server/pom.xml, execution build-info). */
public record BuildInfo(String version, String commit) {
    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/remolt/build.properties")) {
            if (in != null) properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's version from the jar", e);
        }
        return new BuildInfo(known(properties.getProperty("version")), known(properties.getProperty("commit")));
    }

    /** A build without .git, or classes compiled outside Maven, leave the placeholder: say so plainly. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    /** One line: {@code remolt 0.1.0 (commit 85187f2290ff)}. */
    public String describe() {
        return "remolt " + version + " (commit " + commit + ")";
    }
}
