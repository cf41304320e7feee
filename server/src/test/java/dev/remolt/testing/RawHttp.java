package dev.remolt.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Requests written byte for byte on a socket, for what HTTP clients refuse to send: odd Host lines, raw upgrades, stalls. */
public final class RawHttp {
    private RawHttp() {}

    /** Sends {@code request} as is and answers what came back within the timeout (the status line first). */
    public static String exchange(int port, String request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            // Write while reading: the server may answer (431, 413) and close before the whole
            // request is written, and the answer must be read before the connection is reset.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // closed by the server mid-request: its answer is what counts
                }
            });
            String head = readHead(socket.getInputStream());
            writer.join(timeoutMillis);
            return head;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The status code a WebSocket upgrade of {@code path} gets with these extra headers (101 means it was accepted). */
    public static int upgradeStatus(int port, String path, Map<String, String> headers) throws IOException {
        return statusOf(upgrade(port, path, headers));
    }

    /** The answer head a WebSocket upgrade of {@code path} gets with these extra headers. */
    public static String upgrade(int port, String path, Map<String, String> headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        if (!headers.containsKey("Host")) request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return exchange(port, request.append("\r\n").toString(), 10_000);
    }

    /** A whole HTTP/1.1 exchange with a chosen Host header (an app origin, say), read until the server closes. */
    public static String request(int port, String method, String host, String path, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            for (String header : headers) head.append(header).append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The first value of a header in a raw answer, or null. */
    public static String header(String response, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*([^\\r\\n]*)").matcher(response);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Upgrades {@code path} and waits for the first WebSocket frame the other end sends on its own:
     * its opcode (2 binary, 8 close), or -1 when the upgrade was refused or nothing came in time.
     */
    public static int firstFrameAfterUpgrade(int port, String path, Map<String, String> headers, int timeoutMillis) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            if (statusOf(readHead(in)) != 101) return -1;
            int first = in.read();
            return first < 0 ? -1 : first & 0x0f;
        } catch (SocketTimeoutException e) {
            return -1;
        }
    }

    public static int statusOf(String head) {
        if (!head.startsWith("HTTP/1.1 ")) throw new AssertionError("no HTTP answer: " + head);
        return Integer.parseInt(head.substring(9, 12));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                String text = head.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) break;
            }
        } catch (SocketTimeoutException e) {
            // Whatever arrived before the timeout is the answer.
        } catch (java.net.SocketException e) {
            // Reset after answering: whatever arrived is the answer.
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
