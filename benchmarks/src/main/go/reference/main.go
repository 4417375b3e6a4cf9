// The Go reference for the cold-start and lukewarm benchmarks: the same operations as the SDK and
// the C reference (src/main/c/reference.c), written the way a Go program does them with the
// vishvananda/netns and vishvananda/netlink libraries through their public API, timed per
// operation. Built by dev.netns.benchmarks.cold.Harness with Debian's go in GOPATH mode; run as
// root inside a private mount namespace with its own /run/netns.
//
//	reference ns N          N named namespace creates (netns.NewNamed), each deleted untimed
//	reference veth N        N veth creates, peer in another namespace, each deleted untimed
//	reference run N         N round trips into a namespace and back (netns.Get, Set, Set, Close)
//	reference pod N         N pod setups on a bridge, each removed untimed
//	reference scale N M     M pods present (untimed), then N pod setups timed, each removed untimed
//	reference bulk N        N pods one after another, one time for all (then removed untimed)
//	reference firstpod      a whole process: node namespace, bridge, one pod; prints "ready"
//
// Prints one line per timed sample: microseconds. Everything it makes lives in namespaces it made
// (the process moves its one working thread into a fresh network namespace first and keeps it
// locked there); named namespaces are called gref-<pid>-<n> and deleted before it exits, also when
// an operation fails.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
)

var (
	node  netns.NsHandle // the process's own node namespace, standing in for the host
	named = map[string]bool{}
	out   = bufio.NewWriterSize(os.Stdout, 1<<16)
	gw    = net.IPv4(10, 244, 0, 1)
)

func init() {
	// namespaces belong to threads: everything below runs on the main thread, locked to it
	runtime.LockOSThread()
}

// fail deletes every named namespace still present, then exits non-zero.
func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
	netns.Set(node)
	for name := range named {
		netns.DeleteNamed(name)
	}
	os.Exit(1)
}

func nsName(n int) string {
	return fmt.Sprintf("gref-%d-%d", os.Getpid(), n)
}

// ip netns add: NewNamed leaves the thread in the new namespace, so back to the node
func nsAdd(n int) netns.NsHandle {
	name := nsName(n)
	ns, err := netns.NewNamed(name)
	if err != nil {
		fail("netns.NewNamed "+name, err)
	}
	named[name] = true
	if err := netns.Set(node); err != nil {
		fail("netns.Set node", err)
	}
	return ns
}

func nsDel(n int) {
	name := nsName(n)
	if err := netns.DeleteNamed(name); err != nil {
		fail("netns.DeleteNamed "+name, err)
	}
	delete(named, name)
}

func sample(start time.Time) {
	fmt.Fprintf(out, "%.2f\n", float64(time.Since(start).Nanoseconds())/1e3)
}

// ip link add cni0 up type bridge; ip addr add 10.244.0.1/16 dev cni0
func bridgeAdd() *netlink.Bridge {
	br := &netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: "cni0", Flags: net.FlagUp}}
	if err := netlink.LinkAdd(br); err != nil {
		fail("add bridge", err)
	}
	addr := &netlink.Addr{IPNet: &net.IPNet{IP: gw, Mask: net.CIDRMask(16, 32)}}
	if err := netlink.AddrAdd(br, addr); err != nil {
		fail("address the bridge", err)
	}
	return br
}

// a pod: named namespace; veth to the bridge with eth0 inside; lo, eth0 up; address; default route
func podAdd(br *netlink.Bridge, n int) {
	pod := nsAdd(n)
	defer pod.Close()
	host := &netlink.Veth{
		LinkAttrs:     netlink.LinkAttrs{Name: fmt.Sprintf("veth%d", n), MasterIndex: br.Index, Flags: net.FlagUp},
		PeerName:      "eth0",
		PeerNamespace: netlink.NsFd(pod),
	}
	if err := netlink.LinkAdd(host); err != nil {
		fail("add veth", err)
	}
	h, err := netlink.NewHandleAt(pod)
	if err != nil {
		fail("netlink handle in the pod", err)
	}
	defer h.Delete()
	lo, err := h.LinkByName("lo")
	if err != nil {
		fail("find lo", err)
	}
	if err := h.LinkSetUp(lo); err != nil {
		fail("lo up", err)
	}
	eth0, err := h.LinkByName("eth0")
	if err != nil {
		fail("find eth0", err)
	}
	if err := h.LinkSetUp(eth0); err != nil {
		fail("eth0 up", err)
	}
	ip := net.IPv4(10, 244, byte((n+2)/250+1), byte((n+2)%250+2))
	if err := h.AddrAdd(eth0, &netlink.Addr{IPNet: &net.IPNet{IP: ip, Mask: net.CIDRMask(16, 32)}}); err != nil {
		fail("address eth0", err)
	}
	if err := h.RouteAdd(&netlink.Route{LinkIndex: eth0.Attrs().Index, Gw: gw}); err != nil {
		fail("default route", err)
	}
}

func podRemove(n int) {
	if err := netlink.LinkDel(&netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: fmt.Sprintf("veth%d", n)}}); err != nil {
		fail("delete veth", err)
	}
	nsDel(n)
}

func arg(i int, otherwise int) int {
	if len(os.Args) <= i {
		return otherwise
	}
	v, err := strconv.Atoi(os.Args[i])
	if err != nil {
		fmt.Fprintf(os.Stderr, "not a number: %s\n", os.Args[i])
		os.Exit(2)
	}
	return v
}

func main() {
	start := time.Now()
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: reference ns|veth|run|pod|scale|bulk|firstpod [N [M]]")
		os.Exit(2)
	}
	op := os.Args[1]
	count := arg(2, 1)
	present := arg(3, 0)
	// never touch the machine's namespace: the working thread moves into a node namespace of its own
	var err error
	if node, err = netns.New(); err != nil {
		fail("netns.New node", err)
	}

	switch op {
	case "ns":
		for i := 0; i < count; i++ {
			t := time.Now()
			ns := nsAdd(i)
			sample(t)
			ns.Close()
			nsDel(i)
		}
	case "veth":
		peer := nsAdd(0)
		for i := 0; i < count; i++ {
			t := time.Now()
			veth := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: "vethA"}, PeerName: "vethB", PeerNamespace: netlink.NsFd(peer)}
			if err := netlink.LinkAdd(veth); err != nil {
				fail("add veth", err)
			}
			sample(t)
			if err := netlink.LinkDel(veth); err != nil {
				fail("delete veth", err)
			}
		}
		peer.Close()
		nsDel(0)
	case "run":
		target := nsAdd(0)
		for i := 0; i < count; i++ {
			t := time.Now()
			origin, err := netns.Get()
			if err != nil {
				fail("netns.Get", err)
			}
			if err := netns.Set(target); err != nil {
				fail("netns.Set target", err)
			}
			if err := netns.Set(origin); err != nil {
				fail("netns.Set origin", err)
			}
			origin.Close()
			sample(t)
		}
		target.Close()
		nsDel(0)
	case "pod", "scale":
		br := bridgeAdd()
		for i := 0; i < present; i++ {
			podAdd(br, 10000+i)
		}
		for i := 0; i < count; i++ {
			t := time.Now()
			podAdd(br, i)
			sample(t)
			podRemove(i)
		}
		for i := 0; i < present; i++ {
			nsDel(10000 + i) // host ends go with the node namespace
		}
	case "bulk":
		br := bridgeAdd()
		t := time.Now()
		for i := 0; i < count; i++ {
			podAdd(br, i)
		}
		sample(t)
		for i := 0; i < count; i++ {
			nsDel(i)
		}
	case "firstpod":
		br := bridgeAdd()
		podAdd(br, 0)
		fmt.Fprintf(out, "ready %.2f\n", float64(time.Since(start).Nanoseconds())/1e3)
		out.Flush()
		nsDel(0)
	default:
		fmt.Fprintf(os.Stderr, "unknown operation %s\n", op)
		os.Exit(2)
	}
	out.Flush()
}
