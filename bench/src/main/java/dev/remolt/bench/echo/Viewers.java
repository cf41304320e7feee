package dev.remolt.bench.echo;

import dev.remolt.bench.client.DirectTerminal;
import dev.remolt.bench.client.OutputSink;
import dev.remolt.bench.client.Terminal;
import dev.remolt.bench.client.TerminalSocketClient;
import dev.remolt.bench.wetty.Wetty;
import dev.remolt.bench.wetty.WettyTerminal;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.TerminalSize;
import java.net.URI;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** The three ways a row's probe reaches one tmux session: Remolt's socket, the direct attach, wetty. */
public final class Viewers {
    public enum Variant { SOCKET, DIRECT, WETTY }

    private Viewers() {}

    public static Terminal open(Variant variant, WebSocketClient sockets, URI socketUri, SandboxRuntime runtime,
                                String sessionId, Wetty wetty, TerminalSize size, OutputSink sink) throws Exception {
        return switch (variant) {
            case SOCKET -> {
                TerminalSocketClient client = TerminalSocketClient.connect(sockets, socketUri, sink);
                client.resize(size.cols(), size.rows());
                yield client;
            }
            case DIRECT -> DirectTerminal.attach(runtime, sessionId, size, sink);
            case WETTY -> {
                WettyTerminal client = WettyTerminal.connect(sockets, wetty.socketUri(), sink);
                client.resize(size.cols(), size.rows());
                yield client;
            }
        };
    }
}
