package dev.remolt.sandbox.kubernetes;

import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Plays the kubelet's end of a port-forward WebSocket for fabric8's mock API server (the
 * {@code v4.channel.k8s.io} protocol): first, on each of the data (0) and error (1) channels, a
 * frame with the port as two little-endian bytes; then data frames on channel 0 both ways, and an
 * error text on channel 1 when the port cannot be reached. What the "app" behind the port does is
 * the {@link App} each connection gets.
 */
final class FakePortForward implements ServerResponse {
    /** The app behind the forwarded port, one per connection. */
    interface App {
        /** Bytes the client sent on the data channel; answer through {@code port}. */
        void received(Port port, byte[] data);
    }

    /** The kubelet side of one connection. */
    static final class Port {
        private final WebSocket socket;

        Port(WebSocket socket) {
            this.socket = socket;
        }

        void send(byte[] data) {
            socket.send(frame(0, data));
        }

        /** The kubelet's error text, then the end of the connection, as when nothing listens. */
        void fail(String message) {
            socket.send(frame(1, message.getBytes(StandardCharsets.UTF_8)));
            socket.close(1000, "");
        }

        /** The app closed the connection: the kubelet ends the WebSocket. */
        void close() {
            socket.close(1000, "");
        }
    }

    private final int port;
    private final Supplier<App> apps;
    private final boolean refuse;

    private FakePortForward(int port, Supplier<App> apps, boolean refuse) {
        this.port = port;
        this.apps = apps;
        this.refuse = refuse;
    }

    /** Every connection reaches a new app from {@code apps}. */
    static FakePortForward listening(int port, Supplier<App> apps) {
        return new FakePortForward(port, apps, false);
    }

    /** Nothing listens: the kubelet reports the refused connection on the error channel. */
    static FakePortForward refusing(int port) {
        return new FakePortForward(port, () -> null, true);
    }

    static byte[] frame(int channel, byte[] data) {
        byte[] frame = new byte[data.length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(data, 0, frame, 1, data.length);
        return frame;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public MockResponse toMockResponse(RecordedRequest request) {
        App app = apps.get();
        return new MockResponse().setResponseCode(101)
                .addHeader("sec-websocket-protocol", "v4.channel.k8s.io")
                .withWebSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket, Response response) {
                        byte[] prefix = {(byte) (port & 0xff), (byte) (port >> 8)};
                        socket.send(frame(0, prefix));
                        socket.send(frame(1, prefix));
                        if (refuse) {
                            new Port(socket).fail("error forwarding port " + port + " to pod remolt-x, uid : failed to connect to"
                                    + " localhost:" + port + " inside namespace: dial tcp4 127.0.0.1:" + port + ": connect: connection refused");
                        }
                    }

                    @Override
                    public void onMessage(WebSocket socket, ByteString bytes) {
                        onMessage(socket, bytes.toByteArray());
                    }

                    @Override
                    public void onMessage(WebSocket socket, byte[] bytes) {
                        if (bytes.length == 0 || bytes[0] != 0 || app == null) return;
                        app.received(new Port(socket), Arrays.copyOfRange(bytes, 1, bytes.length));
                    }
                });
    }

    /** An app that answers every chunk it gets in capitals, and closes the connection after "BYE". */
    static App shouting() {
        return (port, data) -> {
            String text = new String(data, StandardCharsets.UTF_8);
            port.send(text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            if (text.toUpperCase(Locale.ROOT).contains("BYE")) port.close();
        };
    }

    /**
     * A tiny HTTP server: reads one request (head and a Content-Length body), answers with the
     * request line, its Host and Authorization headers and the body in capitals, then closes.
     */
    static App http() {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        return (port, data) -> {
            request.write(data, 0, data.length);
            String text = request.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) return;
            String head = text.substring(0, end);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
            }
            if (text.length() < end + 4 + length) return;
            StringBuilder body = new StringBuilder(head.split("\r\n")[0]).append('\n');
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("host:") || lower.startsWith("authorization:")) body.append(line).append('\n');
            }
            body.append(text.substring(end + 4, end + 4 + length).toUpperCase(Locale.ROOT));
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            port.send(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-App: fake\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            port.send(bytes);
            port.close();
        };
    }
}
