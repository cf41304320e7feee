package dev.remolt.sandbox.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded byte pipe between two threads that, unlike {@link java.io.PipedInputStream}, does not
 * tie itself to the writer's thread (virtual threads come and go). A writer blocks while the pipe
 * is full, which is how a slow reader slows docker-java's stream thread instead of growing memory.
 */
final class BoundedPipe extends InputStream {
    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private int head;
    private int count;
    private boolean ended;

    BoundedPipe(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Blocks until every byte is in the pipe; fails once the pipe has ended. */
    void write(byte[] data, int offset, int length) throws IOException {
        lock.lock();
        try {
            while (length > 0) {
                while (count == ring.length && !ended) writable.await();
                if (ended) throw new IOException("pipe closed");
                int tail = (head + count) % ring.length;
                int n = Math.min(length, Math.min(ring.length - count, ring.length - tail));
                System.arraycopy(data, offset, ring, tail, n);
                count += n;
                offset += n;
                length -= n;
                readable.signalAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to the pipe");
        } finally {
            lock.unlock();
        }
    }

    /** No more bytes will come: readers get what is left, then end of stream; writers fail. */
    void end() {
        lock.lock();
        try {
            ended = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) return 0;
        lock.lock();
        try {
            while (count == 0 && !ended) readable.await();
            if (count == 0) return -1;
            int n = Math.min(length, Math.min(count, ring.length - head));
            System.arraycopy(ring, head, buffer, offset, n);
            head = (head + n) % ring.length;
            count -= n;
            writable.signalAll();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading from the pipe");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        end();
    }
}
