#!/bin/bash
# podman with netns-bridge + portmap, inside a sandbox: run by PodmanTest as
#   unshare --mount --net --propagation private bash sandbox.sh PLUGIN_DIR WORK_DIR
# The sandbox has its own network namespace (the "node") and tmpfs over everything podman and the
# plugins write, so the machine's namespace, /etc and /var are never touched. Each step prints a
# "STEP name" line when it passed; any failure exits non-zero. Containers are removed on every exit.
set -euo pipefail
plugins=$1
work=$2
for d in /run /var/lib/cni /var/lib/containers /etc/cni /etc/containers; do
    mkdir -p "$d"
    mount -t tmpfs tmpfs "$d"
done
# hybrid cgroups: podman must not find the v2 hierarchy it cannot use here
umount /sys/fs/cgroup/unified 2>/dev/null || true
ip link set lo up

mkdir -p /etc/cni/net.d /etc/containers "$work/root/bin" "$work/root/etc" "$work/root/tmp"
cat > /etc/containers/containers.conf <<CONF
[network]
network_backend = "cni"
cni_plugin_dirs = ["$plugins"]
network_config_dir = "/etc/cni/net.d"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
[containers]
netns = "bridge"
CONF
cat > /etc/containers/storage.conf <<CONF
[storage]
driver = "vfs"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"
CONF
echo '{"default":[{"type":"insecureAcceptAnything"}]}' > /etc/containers/policy.json
cat > /etc/cni/net.d/podnet.conflist <<CONF
{"cniVersion": "1.0.0", "name": "podnet", "plugins": [
  {"type": "netns-bridge", "bridge": "cnipod0", "isGateway": true, "hairpinMode": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.89.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}
]}
CONF
# a container root without images: busybox-static and its applets
cp /bin/busybox "$work/root/bin/busybox"
for applet in sh nc echo sleep cat ip; do ln -sf busybox "$work/root/bin/$applet"; done

cleanup() { podman rm -af -t 0 >/dev/null 2>&1 || true; }
trap cleanup EXIT

opts=(--network podnet --cgroups=disabled --ulimit nofile=4096:4096 --ulimit nproc=4096:4096)
podman run -d --name srv "${opts[@]}" -p 8080:80 --rootfs "$work/root" \
    sh -c 'i=0; while [ $i -lt 100 ]; do echo hello-from-srv | nc -l -p 80; i=$((i+1)); done' > /dev/null
srv_ip=$(podman inspect srv --format '{{(index .NetworkSettings.Networks "podnet").IPAddress}}')
echo "srv address $srv_ip"
[ -f "/var/lib/cni/networks/podnet/$srv_ip" ] || { echo "no host-local reservation for $srv_ip"; exit 1; }
host_end=$(ip -o link show master cnipod0 | awk -F': ' '{print $2}' | cut -d@ -f1 | head -1)
[ -n "$host_end" ] || { echo "no host end on cnipod0"; exit 1; }
echo "STEP attached $srv_ip $host_end"

sleep 1
got=$(podman run --rm "${opts[@]}" --rootfs "$work/root" sh -c "nc -w 5 $srv_ip 80 < /dev/null")
[ "$got" = "hello-from-srv" ] || { echo "container to container: got '$got'"; exit 1; }
echo "STEP container-to-container"

got=$(/bin/busybox nc -w 5 10.89.0.1 8080 < /dev/null)
[ "$got" = "hello-from-srv" ] || { echo "port mapping via the gateway: got '$got'"; exit 1; }
echo "STEP port-mapping"

podman rm -f -t 0 srv > /dev/null
[ ! -e "/var/lib/cni/networks/podnet/$srv_ip" ] || { echo "address $srv_ip still reserved after podman rm"; exit 1; }
if ip link show "$host_end" > /dev/null 2>&1; then echo "host end $host_end still there after podman rm"; exit 1; fi
echo "STEP released"
