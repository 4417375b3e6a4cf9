package dev.netns.linux.ipam;

import dev.netns.NetnsException;
import dev.netns.spi.NetnsExceptions;
import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A network's reservations in host-local's state directory (see the package documentation for the
 * layout). The lock is an {@code flock} on a descriptor of {@code lock} opened for each hold, as each
 * host-local run opens its own: flock belongs to the open file, so threads of this process exclude
 * each other exactly as processes do, and a holder killed with {@code kill -9} releases it as its
 * descriptors close. Waiting is bounded: after {@link #LOCK_TIMEOUT} the operation fails naming the file.
 */
public final class DiskStore implements Store {
    /** How long to wait for another process's hold before giving up. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);
    static final String LOCK_FILE = "lock";
    static final String LAST_RESERVED_PREFIX = "last_reserved_ip.";

    private final Path dir;
    /** Threads of this handle queue here rather than polling the flock against each other. */
    private final ReentrantLock local = new ReentrantLock();

    private DiskStore(Path dir) {
        this.dir = dir;
    }

    /** {@code mkdir -p DIR/NAME} (mode 0755, as host-local) and the store in it. */
    public static DiskStore open(Path networkDirectory) throws NetnsException {
        try {
            Files.createDirectories(networkDirectory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw failure("mkdir", networkDirectory, e);
        }
        if (!Files.isDirectory(networkDirectory, LinkOption.NOFOLLOW_LINKS)) {
            throw new NetnsException("mkdir", networkDirectory.toString(), "not a directory");
        }
        return new DiskStore(networkDirectory);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Held lock() throws NetnsException {
        String path = dir.resolve(LOCK_FILE).toString();
        local.lock();
        int fd;
        try {
            fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CREAT | LibC.O_CLOEXEC, 0750);
        } catch (ErrnoException e) {
            local.unlock();
            throw errno(e, path);
        }
        try {
            long deadline = System.nanoTime() + LOCK_TIMEOUT.toNanos();
            long pauseMillis = 1;
            while (true) {
                try {
                    LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB);
                    break;
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EAGAIN) {
                        throw errno(e, path);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw NetnsExceptions.of("flock", path, Errno.EAGAIN, "EAGAIN",
                            "still held by another process after " + LOCK_TIMEOUT.toSeconds() + " s", null);
                }
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, 20);
            }
        } catch (NetnsException | RuntimeException | Error e) {
            closeQuietly(fd);
            local.unlock();
            throw e;
        } catch (InterruptedException e) {
            closeQuietly(fd);
            local.unlock();
            Thread.currentThread().interrupt();
            throw new NetnsException("flock", path, "interrupted while waiting for the lock", e);
        }
        return () -> { // closing the descriptor drops the flock
            closeQuietly(fd);
            local.unlock();
        };
    }

    @Override
    public boolean reserve(String id, String interfaceName, InetAddress address, int rangeIndex) throws NetnsException {
        Path file = dir.resolve(IpText.format(address));
        byte[] content = Reservation.content(id, interfaceName).getBytes(StandardCharsets.UTF_8);
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            writeFully(ch, content, file);
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (IOException e) {
            deleteQuietly(file);
            throw failure("write", file, e);
        }
        Path last = dir.resolve(LAST_RESERVED_PREFIX + rangeIndex);
        try {
            Files.write(last, IpText.format(address).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            deleteQuietly(file);
            throw failure("write", last, e);
        }
        return true;
    }

    private static void writeFully(SeekableByteChannel ch, byte[] content, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
            if (ch.write(b) <= 0) {
                throw new IOException(file + ": short write");
            }
        }
    }

    @Override
    public Optional<InetAddress> lastReserved(int rangeIndex) {
        try {
            return IpText.parseFileName(Files.readString(dir.resolve(LAST_RESERVED_PREFIX + rangeIndex), StandardCharsets.US_ASCII).strip());
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty(); // as host-local: round-robin is lost once, nothing else
        }
    }

    @Override
    public Snapshot read(List<AddressRange> ranges) throws NetnsException {
        List<Reservation> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.equals(LOCK_FILE) || name.startsWith(LAST_RESERVED_PREFIX)) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    problems.add(p + ": a directory, not a reservation; left alone");
                    continue;
                }
                Optional<InetAddress> address = IpText.parseFileName(name);
                if (address.isEmpty()) {
                    problems.add(p + ": the name is not an address as host-local writes it; left alone");
                    continue;
                }
                if (ranges.stream().noneMatch(r -> r.holdable(address.get()))) {
                    problems.add(p + ": " + name + " is not a pod address of " + ranges.stream().map(r -> r.subnet().toString()).toList()
                            + "; left alone");
                    continue;
                }
                try {
                    found.add(Reservation.parse(address.get(), Files.readString(p, StandardCharsets.UTF_8)));
                } catch (NoSuchFileException released) {
                    // released by a process that does not take the lock to read (host-local's GET) — gone is gone
                } catch (IOException | RuntimeException e) {
                    problems.add(p + ": unreadable (" + reason(e) + "); its address stays taken");
                }
            }
        } catch (IOException e) {
            throw failure("readdir", dir, e);
        }
        found.sort(DiskStore::byAddress); // directory order is the file system's: give pods a stable order
        return new Snapshot(found, problems);
    }

    private static int byAddress(Reservation a, Reservation b) {
        byte[] x = a.address().getAddress();
        byte[] y = b.address().getAddress();
        return x.length != y.length ? Integer.compare(x.length, y.length) : java.util.Arrays.compareUnsigned(x, y);
    }

    @Override
    public boolean release(Reservation reservation) throws NetnsException {
        Path file = dir.resolve(IpText.format(reservation.address()));
        try {
            if (!Reservation.parse(reservation.address(), Files.readString(file, StandardCharsets.UTF_8)).equals(reservation)) {
                return false;
            }
            Files.delete(file);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw failure("unlink", file, e);
        }
    }

    @Override
    public void destroy() throws NetnsException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException gone) {
            // deleted by another process already
        } catch (IOException e) {
            throw failure("rm -r", dir, e);
        }
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public void close() {
    }

    private static NetnsException failure(String operation, Path path, IOException e) {
        return new NetnsException(operation, path.toString(), reason(e), e);
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private static NetnsException errno(ErrnoException e, String path) {
        return NetnsExceptions.of(e.function(), path, e.errno(), Errno.name(e.errno()), Errno.description(e.errno()), null, e);
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (ErrnoException ignored) {
            // close of a descriptor we own cannot fail in a way that matters here
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the operation already failed; the caller reports that
        }
    }
}
