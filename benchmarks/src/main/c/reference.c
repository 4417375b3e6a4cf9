/*
 * The C reference for the cold-start and lukewarm benchmarks: the same operations as the SDK, done
 * the way a small C program does them (raw system calls, one rtnetlink request at a time, each
 * acknowledged), timed per operation with CLOCK_MONOTONIC. Built by dev.netns.benchmarks.cold.Harness
 * with the machine's cc; run as root inside a private mount namespace with its own /run/netns.
 *
 *   reference ns N          N named namespace creates (ip netns add), each deleted untimed
 *   reference veth N        N veth creates, peer in another namespace, each deleted untimed
 *   reference run N         N setns round trips (into a namespace and back)
 *   reference pod N         N pod setups on a bridge, each removed untimed
 *   reference scale N M     M pods present (untimed), then N pod setups timed, each removed untimed
 *   reference bulk N        N pods one after another, one time for all (then removed untimed)
 *   reference firstpod      a whole process: node namespace, bridge, one pod; prints "ready"
 *
 * Prints one line per timed sample: microseconds. Everything it makes lives in namespaces it made
 * (the process itself moves into a fresh network namespace first); named namespaces are called
 * cref-<pid>-<n> and deleted before it exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int node_fd;
static unsigned seq_no;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* ---- rtnetlink: one request in a buffer, attributes appended, nested by offset ---- */
struct req {
    char buf[1024];
    struct nlmsghdr *h;
};

static void *req_start(struct req *r, int type, int flags, size_t body) {
    memset(r->buf, 0, sizeof r->buf);
    r->h = (struct nlmsghdr *) r->buf;
    r->h->nlmsg_len = NLMSG_LENGTH(body);
    r->h->nlmsg_type = type;
    r->h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
    r->h->nlmsg_seq = ++seq_no;
    return NLMSG_DATA(r->h);
}

static struct rtattr *attr(struct req *r, int type, const void *data, int len) {
    struct rtattr *a = (struct rtattr *) (r->buf + NLMSG_ALIGN(r->h->nlmsg_len));
    a->rta_type = type;
    a->rta_len = RTA_LENGTH(len);
    if (len) memcpy(RTA_DATA(a), data, len);
    r->h->nlmsg_len = NLMSG_ALIGN(r->h->nlmsg_len) + RTA_ALIGN(a->rta_len);
    return a;
}

static void attr_u32(struct req *r, int type, uint32_t v) { attr(r, type, &v, 4); }
static void attr_str(struct req *r, int type, const char *s) { attr(r, type, s, strlen(s) + 1); }
static void nest_end(struct req *r, struct rtattr *a) { a->rta_len = r->buf + r->h->nlmsg_len - (char *) a; }

static int rtnl_open(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) die("socket");
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
    if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0) die("bind");
    return fd;
}

/* sends the request and waits for its acknowledgement; returns 0 or -errno */
static int rtnl_talk(int fd, struct req *r) {
    if (send(fd, r->buf, r->h->nlmsg_len, 0) < 0) die("send");
    char reply[8192];
    for (;;) {
        ssize_t n = recv(fd, reply, sizeof reply, 0);
        if (n < 0) die("recv");
        for (struct nlmsghdr *h = (struct nlmsghdr *) reply; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq == r->h->nlmsg_seq && h->nlmsg_type == NLMSG_ERROR) {
                return ((struct nlmsgerr *) NLMSG_DATA(h))->error;
            }
        }
    }
}

static void must(int fd, struct req *r, const char *what) {
    int e = rtnl_talk(fd, r);
    if (e) {
        errno = -e;
        die(what);
    }
}

/* ip link add HOST [master M] [up] type veth peer name PEER netns PEERFD */
static void veth_add(int fd, const char *host, const char *peer, int peer_ns, int master, int up) {
    struct req r;
    struct ifinfomsg *ifi = req_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    if (up) ifi->ifi_flags = ifi->ifi_change = IFF_UP;
    attr_str(&r, IFLA_IFNAME, host);
    if (master) attr_u32(&r, IFLA_MASTER, master);
    struct rtattr *info = attr(&r, IFLA_LINKINFO, NULL, 0);
    attr_str(&r, IFLA_INFO_KIND, "veth");
    struct rtattr *data = attr(&r, IFLA_INFO_DATA, NULL, 0);
    struct rtattr *p = attr(&r, VETH_INFO_PEER, NULL, 0);
    struct ifinfomsg peer_ifi = {.ifi_family = AF_UNSPEC};
    memcpy(r.buf + r.h->nlmsg_len, &peer_ifi, sizeof peer_ifi);
    r.h->nlmsg_len += sizeof peer_ifi;
    attr_str(&r, IFLA_IFNAME, peer);
    attr_u32(&r, IFLA_NET_NS_FD, peer_ns);
    nest_end(&r, p);
    nest_end(&r, data);
    nest_end(&r, info);
    must(fd, &r, "RTM_NEWLINK veth");
}

/* ip link del NAME */
static void link_del(int fd, const char *name) {
    struct req r;
    struct ifinfomsg *ifi = req_start(&r, RTM_DELLINK, 0, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    attr_str(&r, IFLA_IFNAME, name);
    must(fd, &r, "RTM_DELLINK");
}

/* ip link set NAME up */
static void link_up(int fd, const char *name) {
    struct req r;
    struct ifinfomsg *ifi = req_start(&r, RTM_NEWLINK, 0, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_flags = ifi->ifi_change = IFF_UP;
    attr_str(&r, IFLA_IFNAME, name);
    must(fd, &r, "RTM_NEWLINK up");
}

/* ip link show NAME: its index */
static int link_index(int fd, const char *name) {
    struct req r;
    struct ifinfomsg *ifi = req_start(&r, RTM_GETLINK, 0, sizeof *ifi);
    r.h->nlmsg_flags = NLM_F_REQUEST;
    ifi->ifi_family = AF_UNSPEC;
    attr_str(&r, IFLA_IFNAME, name);
    if (send(fd, r.buf, r.h->nlmsg_len, 0) < 0) die("send RTM_GETLINK");
    char reply[4096];
    ssize_t len = recv(fd, reply, sizeof reply, 0);
    struct nlmsghdr *h = (struct nlmsghdr *) reply;
    if (len < 0 || !NLMSG_OK(h, len) || h->nlmsg_type != RTM_NEWLINK) die("RTM_GETLINK");
    return ((struct ifinfomsg *) NLMSG_DATA(h))->ifi_index;
}

/* ip addr add A/16 dev INDEX */
static void addr_add(int fd, int index, const uint8_t a[4]) {
    struct req r;
    struct ifaddrmsg *ifa = req_start(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof *ifa);
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = 16;
    ifa->ifa_index = index;
    attr(&r, IFA_LOCAL, a, 4);
    attr(&r, IFA_ADDRESS, a, 4);
    must(fd, &r, "RTM_NEWADDR");
}

/* ip link add cni0 up type bridge; ip addr add 10.244.0.1/16 dev cni0: returns its index */
static int bridge_add(int fd) {
    struct req r;
    struct ifinfomsg *ifi = req_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_flags = ifi->ifi_change = IFF_UP;
    attr_str(&r, IFLA_IFNAME, "cni0");
    struct rtattr *info = attr(&r, IFLA_LINKINFO, NULL, 0);
    attr_str(&r, IFLA_INFO_KIND, "bridge");
    nest_end(&r, info);
    must(fd, &r, "RTM_NEWLINK bridge");
    int index = link_index(fd, "cni0");
    uint8_t gw[4] = {10, 244, 0, 1};
    addr_add(fd, index, gw);
    return index;
}

/* ---- namespaces, as ip netns add / del do them ---- */
static void run_netns_ready(void) {
    mkdir("/run/netns", 0755);
    if (mount("", "/run/netns", "none", MS_SHARED | MS_REC, NULL) < 0) {
        if (mount("/run/netns", "/run/netns", "none", MS_BIND | MS_REC, NULL) < 0) die("bind /run/netns");
        if (mount("", "/run/netns", "none", MS_SHARED | MS_REC, NULL) < 0) die("share /run/netns");
    }
}

static void ns_name(char *path, size_t len, int n) {
    snprintf(path, len, "/run/netns/cref-%d-%d", (int) getpid(), n);
}

/* ip netns add: the file, a new namespace, the bind mount; back to the node namespace */
static void ns_add(int n) {
    char path[128];
    ns_name(path, sizeof path, n);
    int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
    if (fd < 0) die("create /run/netns file");
    close(fd);
    if (unshare(CLONE_NEWNET) < 0) die("unshare");
    if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0) die("bind mount");
    if (setns(node_fd, CLONE_NEWNET) < 0) die("setns back");
}

static void ns_del(int n) {
    char path[128];
    ns_name(path, sizeof path, n);
    if (umount2(path, MNT_DETACH) < 0) die("umount2");
    if (unlink(path) < 0) die("unlink");
}

static int ns_open(int n) {
    char path[128];
    ns_name(path, sizeof path, n);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("open netns");
    return fd;
}

/* ---- a pod: ip netns add; veth to the bridge with eth0 inside; lo, eth0 up; address; default route ---- */
static void pod_add(int node_rtnl, int bridge, int n) {
    ns_add(n);
    int pod = ns_open(n);
    if (setns(pod, CLONE_NEWNET) < 0) die("setns pod");
    int rtnl = rtnl_open();
    if (setns(node_fd, CLONE_NEWNET) < 0) die("setns node");
    char host[IFNAMSIZ];
    snprintf(host, sizeof host, "veth%d", n);
    veth_add(node_rtnl, host, "eth0", pod, bridge, 1);
    link_up(rtnl, "lo");
    link_up(rtnl, "eth0");
    int eth0 = link_index(rtnl, "eth0"); /* the address request needs it */
    struct req r;
    uint8_t a[4] = {10, 244, (uint8_t) ((n + 2) / 250 + 1), (uint8_t) ((n + 2) % 250 + 2)};
    addr_add(rtnl, eth0, a);
    uint8_t gw[4] = {10, 244, 0, 1};
    struct rtmsg *rt = req_start(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof *rt);
    rt->rtm_family = AF_INET;
    rt->rtm_table = RT_TABLE_MAIN;
    rt->rtm_protocol = RTPROT_BOOT;
    rt->rtm_scope = RT_SCOPE_UNIVERSE;
    rt->rtm_type = RTN_UNICAST;
    attr(&r, RTA_GATEWAY, gw, 4);
    must(rtnl, &r, "RTM_NEWROUTE default");
    close(rtnl);
    close(pod);
}

static void pod_remove(int node_rtnl, int n) {
    char host[IFNAMSIZ];
    snprintf(host, sizeof host, "veth%d", n);
    link_del(node_rtnl, host);
    ns_del(n);
}

int main(int argc, char **argv) {
    double start = now_us();
    if (argc < 2) {
        fprintf(stderr, "usage: reference ns|veth|run|pod|scale|bulk|firstpod [N [M]]\n");
        return 2;
    }
    const char *op = argv[1];
    int count = argc > 2 ? atoi(argv[2]) : 1;
    int present = argc > 3 ? atoi(argv[3]) : 0;
    /* never touch the machine's namespace: the process moves into a node namespace of its own */
    if (unshare(CLONE_NEWNET) < 0) die("unshare node");
    node_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (node_fd < 0) die("open node");
    run_netns_ready();
    int rtnl = rtnl_open();
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);

    if (!strcmp(op, "ns")) {
        for (int i = 0; i < count; i++) {
            double t = now_us();
            ns_add(i);
            printf("%.2f\n", now_us() - t);
            ns_del(i);
        }
    } else if (!strcmp(op, "veth")) {
        ns_add(0);
        int peer = ns_open(0);
        for (int i = 0; i < count; i++) {
            double t = now_us();
            veth_add(rtnl, "vethA", "vethB", peer, 0, 0);
            printf("%.2f\n", now_us() - t);
            link_del(rtnl, "vethA");
        }
        close(peer);
        ns_del(0);
    } else if (!strcmp(op, "run")) {
        ns_add(0);
        int target = ns_open(0);
        for (int i = 0; i < count; i++) {
            double t = now_us();
            if (setns(target, CLONE_NEWNET) < 0 || setns(node_fd, CLONE_NEWNET) < 0) die("setns");
            printf("%.3f\n", now_us() - t);
        }
        close(target);
        ns_del(0);
    } else if (!strcmp(op, "pod") || !strcmp(op, "scale")) {
        int bridge = bridge_add(rtnl);
        for (int i = 0; i < present; i++) pod_add(rtnl, bridge, 10000 + i);
        for (int i = 0; i < count; i++) {
            double t = now_us();
            pod_add(rtnl, bridge, i);
            printf("%.2f\n", now_us() - t);
            pod_remove(rtnl, i);
        }
        for (int i = 0; i < present; i++) ns_del(10000 + i); /* host ends go with the node namespace */
    } else if (!strcmp(op, "bulk")) {
        int bridge = bridge_add(rtnl);
        double t = now_us();
        for (int i = 0; i < count; i++) pod_add(rtnl, bridge, i);
        printf("%.2f\n", now_us() - t);
        for (int i = 0; i < count; i++) ns_del(i);
    } else if (!strcmp(op, "firstpod")) {
        int bridge = bridge_add(rtnl);
        pod_add(rtnl, bridge, 0);
        printf("ready %.2f\n", now_us() - start);
        fflush(stdout);
        ns_del(0);
    } else {
        fprintf(stderr, "unknown operation %s\n", op);
        return 2;
    }
    fflush(stdout);
    return 0;
}
