package dev.netns.linux.ipam;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.spi.NetnsExceptions;
import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import java.util.Arrays;
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
    /** Larger than any reservation: an id of a few dozen bytes, CR LF, an interface name of at most 15. */
    static final int MAX_RESERVATION = 4096;
    /** The longest file name the kernel accepts in a directory entry. */
    private static final int NAME_MAX = 255;
    /** The file-type bits of {@code st_mode}. */
    private static final int S_IFMT = 0170000;

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
        return new Held() { // a class, not a lambda spun on a fresh JVM's first reservation
            @Override
            public void close() { // closing the descriptor drops the flock
                closeQuietly(fd);
                local.unlock();
            }
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
        // every addPod and removePod reads every file (host-local's layout keeps a pod's id only inside
        // its address's file), so per file: openat on the directory's descriptor, read until the end,
        // close; no stat, no NIO channel (which added a statx, an fstat and their objects per file)
        List<Reservation> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int dirFd;
        try {
            dirFd = LibC.open(dir.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
        } catch (ErrnoException e) {
            throw errno(e, dir.toString());
        }
        try (Arena arena = Arena.ofConfined(); DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            MemorySegment name = arena.allocate(NAME_MAX + 1);
            MemorySegment content = arena.allocate(MAX_RESERVATION);
            for (Path p : entries) {
                String fileName = p.getFileName().toString();
                if (fileName.equals(LOCK_FILE) || fileName.startsWith(LAST_RESERVED_PREFIX)) {
                    continue;
                }
                Optional<InetAddress> address = IpText.parseFileName(fileName);
                if (address.isEmpty()) {
                    problems.add(p + (isDirectory(p) ? ": a directory, not a reservation; left alone"
                            : ": the name is not an address as host-local writes it; left alone"));
                    continue;
                }
                if (!holdable(ranges, address.get())) {
                    problems.add(p + ": " + fileName + " is not a pod address of " + subnets(ranges) + "; left alone");
                    continue;
                }
                name.setString(0, fileName, StandardCharsets.US_ASCII); // an address: ASCII, far below NAME_MAX
                String text;
                try {
                    text = readWhole(dirFd, name, content);
                } catch (ErrnoException e) {
                    if (e.errno() == Errno.ENOENT) {
                        continue; // released by a process that does not take the lock to read (host-local's GET)
                    }
                    problems.add(p + (e.errno() == Errno.EISDIR ? ": a directory, not a reservation; left alone"
                            : ": unreadable (" + Errno.description(e.errno()) + "); its address stays taken"));
                    continue;
                }
                if (text == null) {
                    problems.add(p + ": not a reservation as host-local writes it (not a regular file, or over "
                            + MAX_RESERVATION + " bytes); its address stays taken");
                    continue;
                }
                found.add(Reservation.parse(address.get(), text));
            }
        } catch (IOException e) {
            throw failure("readdir", dir, e);
        } finally {
            closeQuietly(dirFd);
        }
        return new Snapshot(sortedByAddress(found), problems); // directory order is the file system's: give pods a stable order
    }

    /**
     * The whole content of the regular file {@code name} of the directory {@code dirFd}, or
     * {@code null} if it is longer than {@code buffer} or not a regular file. Never follows a symbolic
     * link and never waits on a FIFO: opened without blocking, a FIFO reads as empty, and only an
     * empty file (rare: a reservation torn by a crash) costs the {@code fstat} that tells them apart.
     */
    private static String readWhole(int dirFd, MemorySegment name, MemorySegment buffer) throws ErrnoException {
        int fd = LibC.openat(dirFd, name, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK, 0);
        try {
            long total = 0;
            while (total < buffer.byteSize()) {
                long n = LibC.read(fd, buffer.asSlice(total), buffer.byteSize() - total);
                if (n == 0) {
                    if (total == 0 && (LibC.fstatOwner(fd).mode() & S_IFMT) != LibC.S_IFREG) {
                        return null;
                    }
                    return new String(buffer.asSlice(0, total).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                }
                total += n;
            }
            return null;
        } finally {
            closeQuietly(fd);
        }
    }

    private static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean holdable(List<AddressRange> ranges, InetAddress address) {
        for (AddressRange r : ranges) {
            if (r.holdable(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<IpPrefix> subnets(List<AddressRange> ranges) {
        List<IpPrefix> out = new ArrayList<>(ranges.size());
        for (AddressRange r : ranges) {
            out.add(r.subnet());
        }
        return out;
    }

    /** By address, IPv4 before IPv6; each address's bytes taken once, not at every comparison. */
    private static List<Reservation> sortedByAddress(List<Reservation> found) {
        ByAddress[] keyed = new ByAddress[found.size()];
        for (int i = 0; i < keyed.length; i++) {
            keyed[i] = new ByAddress(found.get(i).address().getAddress(), found.get(i));
        }
        Arrays.sort(keyed);
        List<Reservation> sorted = new ArrayList<>(keyed.length);
        for (ByAddress k : keyed) {
            sorted.add(k.reservation());
        }
        return sorted;
    }

    private record ByAddress(byte[] key, Reservation reservation) implements Comparable<ByAddress> {
        @Override
        public int compareTo(ByAddress o) {
            return key.length != o.key.length ? Integer.compare(key.length, o.key.length) : Arrays.compareUnsigned(key, o.key);
        }
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
