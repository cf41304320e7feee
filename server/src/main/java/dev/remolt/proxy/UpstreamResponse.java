package dev.remolt.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The status line and headers of an upstream answer, parsed from the raw stream (64 KiB at most). */
record UpstreamResponse(int status, List<Map.Entry<String, String>> headers) {
    private static final int MAX_HEAD = 64 * 1024;

    /** Reads up to the blank line; returns null when the stream ended before any byte (nothing listened). */
    static UpstreamResponse read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) return null;
                throw new IOException("upstream closed inside its response head");
            }
            if (head.size() >= MAX_HEAD) throw new IOException("upstream response head over 64 KiB");
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) ? state + 1 : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        List<String> lines = head.toString(StandardCharsets.ISO_8859_1).lines().toList();
        String[] statusLine = lines.getFirst().split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) throw new IOException("upstream spoke no HTTP/1.x");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.add(Map.entry(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return new UpstreamResponse(Integer.parseInt(statusLine[1]), headers);
    }

    String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    boolean chunked() {
        String encoding = header("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }
}
