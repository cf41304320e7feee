package dev.remolt.sandbox.docker;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Docker tests need a real engine. On CI ({@code CI=true}) a missing engine fails the test class,
 * so a broken CI set-up cannot pass by skipping; elsewhere the class is skipped with the reason.
 */
public final class RequiresDocker implements BeforeAllCallback {
    private static volatile Optional<String> problem;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (problem == null) problem = DockerConnection.unavailableReason();
        if (problem.isEmpty()) return;
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but Docker tests cannot run: " + problem.get());
        }
        Assumptions.abort("Docker tests skipped (set CI=true to make this a failure): " + problem.get());
    }
}
