package dev.netns;

/**
 * The identity of a network namespace: the device and inode of its nsfs file, the same pair
 * {@code stat -L /proc/PID/ns/net} shows. Two handles denote the same namespace exactly when
 * their ids are equal, whatever their names, paths or file descriptors.
 *
 * @param device the nsfs device number ({@code st_dev})
 * @param inode  the namespace inode ({@code st_ino}), the number in {@code net:[inode]}
 */
public record NamespaceId(long device, long inode) {
    // equals and hashCode written out: a record's generated ones are bootstrapped through
    // invokedynamic on first use, which costs a fresh JVM milliseconds on its first namespace

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceId n && device == n.device && inode == n.inode;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(device) + Long.hashCode(inode);
    }

    /** The form the kernel uses in {@code readlink /proc/PID/ns/net}: {@code net:[4026531840]}. */
    @Override
    public String toString() {
        return "net:[" + Long.toUnsignedString(inode) + "]";
    }
}
