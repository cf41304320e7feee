package dev.remolt.proxy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/** The client side of RFC 6455 framing, for talking to an app's WebSocket over a raw byte stream. */
final class WebSocketFrames {
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;
    static final int MAX_MESSAGE = 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One whole message (fragments joined), or a control frame. */
    record Message(int opcode, byte[] payload) {}

    private WebSocketFrames() {}

    /** Writes one final frame; client frames are always masked (RFC 6455, section 5.3). */
    static synchronized void write(OutputStream out, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >>> shift) & 0xff);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads the next message of at most {@link #MAX_MESSAGE} bytes; null at the end of the stream. */
    static Message read(InputStream in) throws IOException {
        return read(in, MAX_MESSAGE);
    }

    /** Reads the next message of at most {@code maxMessage} bytes; null at the end of the stream. */
    static Message read(InputStream in, int maxMessage) throws IOException {
        DataInputStream data = new DataInputStream(in);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = -1;
        while (true) {
            int first = data.read();
            if (first < 0) return null;
            int second = data.readUnsignedByte();
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0f;
            long length = second & 0x7f;
            if (length == 126) length = data.readUnsignedShort();
            else if (length == 127) length = data.readLong();
            if (length < 0 || length > maxMessage || message.size() + length > maxMessage) {
                throw new IOException("app sent a WebSocket message over " + maxMessage + " bytes");
            }
            byte[] mask = null;
            if ((second & 0x80) != 0) {
                mask = new byte[4];
                data.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            data.readFully(payload);
            if (mask != null) for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
            if (opcode >= CLOSE) return new Message(opcode, payload); // control frames are never fragmented
            if (opcode != 0) messageOpcode = opcode;
            message.write(payload);
            if (fin) return new Message(messageOpcode, message.toByteArray());
        }
    }
}
