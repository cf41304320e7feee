package dev.remolt.proxy;

import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.StreamingExec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Asks an app inside a sandbox one HTTP GET over the same byte stream the proxy uses: is it up yet? */
public final class PortProbe {
    /** What {@link #status} answers when nothing listens, or what listens does not speak HTTP. */
    public static final int NO_ANSWER = -1;

    private PortProbe() {}

    /** The status of {@code GET path} on {@code port} in the session's sandbox, or {@link #NO_ANSWER}. */
    public static int status(SandboxRuntime runtime, String sessionId, int port, String path) throws SandboxException {
        try (StreamingExec upstream = runtime.openPort(sessionId, port)) {
            try (OutputStream out = upstream.stdin()) {
                out.write(ProxiedRequest.head("GET", path, port, Map.of(), Map.of("Connection", "close")));
            }
            UpstreamResponse response = UpstreamResponse.read(upstream.stdout());
            return response == null ? NO_ANSWER : response.status();
        } catch (IOException e) {
            return NO_ANSWER;
        }
    }
}
