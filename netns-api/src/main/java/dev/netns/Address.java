package dev.netns;

/**
 * An IP address assigned to an interface (one {@code RTM_NEWADDR} message), as {@code ip addr show} prints it.
 *
 * @param linkIndex the index of the interface carrying it
 * @param prefix    the address and prefix length, e.g. {@code 10.244.1.2/24}
 * @param scope     the address scope ({@code 0} global, {@code 253} link, {@code 254} host)
 * @param flags     the raw {@code IFA_F_*} flags (e.g. {@code IFA_F_NODAD 0x02}, {@code IFA_F_TENTATIVE 0x40})
 */
public record Address(int linkIndex, IpPrefix prefix, int scope, int flags) {
    /** IFA_F_TENTATIVE: IPv6 duplicate address detection has not finished yet. */
    public static final int IFA_F_TENTATIVE = 0x40;
}
