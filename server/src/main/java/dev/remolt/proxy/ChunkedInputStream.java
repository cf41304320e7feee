package dev.remolt.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body (RFC 9112, section 7.1); trailers are read and dropped. */
final class ChunkedInputStream extends FilterInputStream {
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        if (remaining == 0) {
            remaining = nextChunkSize();
            if (remaining == 0) {
                while (!readLine().isEmpty()) {
                    // trailer fields: dropped
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw new IOException("upstream closed inside a chunk");
        remaining -= n;
        if (remaining == 0) readLine();
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = readLine();
        int semicolon = line.indexOf(';');
        String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        try {
            long parsed = Long.parseLong(size, 16);
            if (parsed < 0) throw new NumberFormatException();
            return parsed;
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size from upstream");
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("upstream closed inside chunk framing");
            if (line.length() > 8192) throw new IOException("chunk line too long");
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }
}
