package dev.netns.linux.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The Java streams of a {@link NamespacedProcess}, with the JDK's semantics for a child's pipes.
 *
 * <p>A pipe end is a bare descriptor number; Java has no public way to wrap one, so it is opened
 * again through {@code /proc/self/fd/N} (a new open file description of the same pipe, which gets
 * the JDK's file I/O, virtual-thread friendly), and the original is closed by the caller. This must
 * happen while the other end is still open somewhere, or the open would wait for a peer.
 *
 * <p>As in the JDK, once the child has exited an output pipe's unread bytes are moved into memory
 * and its descriptor closed, and the input pipe is closed, so a caller that never closes the
 * streams leaks no descriptor; when a stream is not a pipe the process offers a stream that is
 * always at end of file, or that refuses writes with "Stream closed".
 */
final class ProcessPipes {
    private ProcessPipes() {
    }

    static PipeInput input(int fd) throws IOException {
        return new PipeInput(new FileInputStream("/proc/self/fd/" + fd));
    }

    static PipeOutput output(int fd) throws IOException {
        return new PipeOutput(new FileOutputStream("/proc/self/fd/" + fd));
    }

    /** The child's stdout or stderr. Subclassed, so BufferedInputStream guards reads with this monitor. */
    static final class PipeInput extends BufferedInputStream {
        PipeInput(InputStream raw) {
            super(raw, 8192);
        }

        /** Keeps what the child left in the pipe and closes the descriptor; a concurrent read finishes first. */
        synchronized void processExited() {
            InputStream raw = in;
            if (raw == null) {
                return; // closed by the reader
            }
            try {
                byte[] rest = new byte[0];
                int available;
                while ((available = raw.available()) > 0) {
                    int at = rest.length;
                    rest = Arrays.copyOf(rest, at + available);
                    int n = raw.read(rest, at, available);
                    rest = Arrays.copyOf(rest, at + Math.max(n, 0));
                    if (n <= 0) {
                        break;
                    }
                }
                raw.close();
                in = rest.length == 0 ? NullInput.INSTANCE : new ByteArrayInputStream(rest);
            } catch (IOException e) {
                // closed concurrently by the reader: nothing left to keep
            }
        }
    }

    /** The child's stdin. */
    static final class PipeOutput extends BufferedOutputStream {
        PipeOutput(OutputStream raw) {
            super(raw, 8192);
        }

        /** Nobody reads any more: close the descriptor, and refuse later writes. */
        synchronized void processExited() {
            try {
                out.close();
            } catch (IOException ignored) {
                // already closed, or unflushed bytes with no reader: either way done
            }
            out = NullOutput.INSTANCE;
        }
    }

    /** For a stream that is not a pipe: always at end of file; closing changes nothing. */
    static final class NullInput extends InputStream {
        static final NullInput INSTANCE = new NullInput();

        @Override
        public int read() {
            return -1;
        }

        @Override
        public int available() {
            return 0;
        }
    }

    /** For a stdin that is not a pipe: every write fails, as the JDK's does. */
    static final class NullOutput extends OutputStream {
        static final NullOutput INSTANCE = new NullOutput();

        @Override
        public void write(int b) throws IOException {
            throw new IOException("Stream closed");
        }
    }
}
