#!/bin/bash
# One process per CNI call, as runtimes do: ADD then DEL for PODS fresh pods, through the reference Go
# bridge (+ host-local), through netns-bridge handed to a resident agent by its bash launcher, and
# through netns-bridge in a JVM of its own (AOT cache), one configuration, one run. Prints per call
# the mean wall time and CPU time (user + system of the call's process tree, /usr/bin/time); for the
# agent also the agent's own CPU per call (from /proc/PID/stat).
# Usage, as root, from the repository root after `mvn -pl netns-cni -am -Dmaven.test.skip=true package`:
#   unshare --mount --propagation private -- bash netns-cni/cni-calls.sh [PODS]
# Everything happens in a node namespace and container namespaces made here, all removed at the end.
set -u
pods=${1:-10}
cni=$(readlink -f "$(dirname "$0")/target/cni")
work=$(mktemp -d /tmp/cni-calls.XXXXXX)
node=cnicalls-node-$$
agent=
apid=
ip netns add "$node" && ip -n "$node" link set lo up || exit 1
cleanup() {
    [[ -n $agent ]] && kill "$agent" && wait "$agent" 2>/dev/null
    for ns in $(ip netns list | awk '{print $1}' | grep "^cnicalls-.*-$$"); do ip netns del "$ns"; done
    rm -rf "$work"
}
trap cleanup EXIT
clk=$(getconf CLK_TCK)

config() { # TYPE BRIDGE SUBNET
    printf '{"cniVersion":"1.0.0","name":"calls-%s","type":"%s","bridge":"%s","isGateway":true,"ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"%s"}]],"routes":[{"dst":"0.0.0.0/0"}]}}' \
        "$1" "$1" "$2" "$work/ipam" "$3"
}

variant() { # NAME EXECUTABLE CNI_PATH CONFIG [VAR=VALUE...]
    local name=$1 exe=$2 path=$3 conf=$4 i cmd
    shift 4
    for i in $(seq 0 "$pods"); do
        (( i == 1 )) && [[ -n $apid ]] && before=$(cputicks "$apid")
        ip netns add "cnicalls-$name$i-$$"
        for cmd in ADD DEL; do
            # call 0 warms the page cache and makes the bridge; it is not counted
            ip netns exec "$node" /usr/bin/time -f '%e %U %S' -o "$work/t" env "$@" CNI_COMMAND=$cmd CNI_CONTAINERID="c$name$i" \
                CNI_NETNS="/run/netns/cnicalls-$name$i-$$" CNI_IFNAME=eth0 CNI_PATH="$path" "$exe" <<< "$conf" > "$work/out" \
                || { echo "$name $cmd failed: $(cat "$work/out")" >&2; exit 1; }
            (( i > 0 )) && echo "$cmd $(tail -1 "$work/t")" >> "$work/$name"
        done
        ip netns del "cnicalls-$name$i-$$"
    done
    [[ -n $apid ]] && after=$(cputicks "$apid")
    awk -v n="$name" '{w[$1]+=$2; c[$1]+=$3+$4; k[$1]++} END {printf "%-22s ADD %.3f s wall %.3f s CPU   DEL %.3f s wall %.3f s CPU\n", n, w["ADD"]/k["ADD"], c["ADD"]/k["ADD"], w["DEL"]/k["DEL"], c["DEL"]/k["DEL"]}' "$work/$name"
    [[ -n $apid ]] && awk -v t=$((after - before)) -v clk="$clk" -v n=$((pods * 2)) \
        'BEGIN {printf "%-22s %.3f s CPU per call (ADD and DEL alike)\n", "  + the agent itself", t / clk / n}'
    return 0
}

cputicks() { # user + system clock ticks of process $1
    awk '{print $14 + $15}' "/proc/$1/stat"
}

echo "$(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg), $pods pods per variant"
variant reference /usr/lib/cni/bridge /usr/lib/cni "$(config bridge cnicalls0 10.91.0.0/16)"

ip netns exec "$node" "$cni/netns-bridge" agent "$work/agent/agent" 2> "$work/agent.log" &
agent=$!
for _ in $(seq 600); do [[ -e $work/agent/agent ]] && break; sleep 0.1; done
apid=$(pgrep -P "$agent" java || echo "$agent")     # ip netns exec execs the launcher, which execs java
variant netns-bridge-agent "$cni/netns-bridge" "$cni" "$(config netns-bridge cnicalls1 10.92.0.0/16)" \
    NETNS_CNI_AGENT="$work/agent/agent" NETNS_CNI_FALLBACK=off
apid=

variant netns-bridge-jvm "$cni/netns-bridge" "$cni" "$(config netns-bridge cnicalls2 10.93.0.0/16)" \
    NETNS_CNI_AGENT="$work/none"
