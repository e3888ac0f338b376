#!/bin/bash
# Re-captures the golden bytes used by the *GoldenTests: runs each iproute2 command under strace in
# throwaway namespaces and prints, per command, one hex line per netlink datagram sent or received
# (name-resolution traffic on other fds is dropped). Needs root, strace, python3. Leaves nothing
# behind. Sequence numbers and port ids differ on every run (the tests zero them); ifindexes and
# names can differ from the test comments, which give the exact command and ifindex of each capture.
#   usage: sudo tests/Tapyard.Linux.Tests/Netlink/capture-golden.sh > /tmp/golden.txt
set -euo pipefail
A=tyg-cap-$$-a
B=tyg-cap-$$-b
ip netns add "$A"
ip netns add "$B"
trap 'ip netns del "$A"; ip netns del "$B"' EXIT

T() {
    local ns=$1; shift
    echo "### ip $*"
    strace -f -e trace=sendmsg,sendto,recvmsg -e write=all -e read=all -s 8192 ip -n "$ns" "$@" 2>&1 || true
}

{
    # Links (up0p gets ifindex 2, up0 3, vtap0 4, vtap1 5, br0 6)
    T "$A" link add up0 type veth peer name up0p
    T "$A" link add vtap0 link up0 type macvtap mode vepa
    T "$A" link add link up0 name vtap1 address 52:54:00:aa:bb:cc mtu 1400 numtxqueues 4 numrxqueues 4 group 7 type macvtap mode bridge
    T "$A" link add br0 type bridge
    T "$A" link add br1 type bridge vlan_filtering 1
    T "$A" link add br2 type bridge vlan_filtering 0
    T "$A" link add link up0 name up0.100 type vlan id 100
    T "$A" link add link up0 name up0.100 type vlan id 100 protocol 802.1Q
    T "$A" link add up1 up type veth peer name up1p
    T "$A" link set dev up0 mtu 1400
    T "$A" link set dev up0 up
    T "$A" link set dev up0p master br0
    T "$A" link show master br0
    T "$A" link set dev up0p nomaster
    T "$A" link set dev vtap0 addrgenmode none
    T "$A" -d link show dev vtap1
    T "$A" link show type macvtap
    T "$A" -d link show dev br0
    T "$A" link add x type nosuchkind
    T "$A" link add up0 type veth peer name zz0
    T "$A" link add v0 type veth peer name v0p netns "$B"
    T "$A" -d link show dev v0
    T "$A" link del vtap0
    # Addresses
    T "$A" link set dev up0p up
    T "$A" addr add 10.0.0.1/24 dev up0
    T "$A" addr add 10.0.1.1/24 brd + dev up0
    T "$A" addr add 10.0.2.1/24 label up0:1 brd + dev up0
    T "$A" addr add fd00::1/64 dev up0 nodad
    T "$A" addr add 10.0.0.1/24 dev up0
    T "$A" -4 addr show dev up0
    T "$A" -6 addr show dev up0
    # Routes
    T "$A" route add 10.0.0.5/32 dev up0 table 100
    T "$A" route replace 10.0.0.5/32 dev up0 table 100
    T "$A" route add 10.0.0.5/32 dev up0 table 100
    T "$A" route add 192.168.5.0/24 via 10.0.0.2 table 100 metric 50 proto static dev up0
    T "$A" route add 10.9.0.0/16 via 10.0.0.2 table 1000
    T "$A" route add 10.9.0.0/16 via 10.0.0.2 table 1000 metric 7 dev up0
    T "$A" route add 10.8.0.0/16 via 10.0.0.2
    T "$A" route add default via 10.0.0.2 table 100
    T "$A" route add 10.6.0.0/16 via 10.0.0.2 table 100 src 10.0.0.1 dev up0
    T "$A" route add fd01::/64 via fd00::2 table 100 dev up0
    T "$A" route add 10.7.0.0/16 via 172.16.0.1 table 100
    T "$A" -4 route show table 100
    T "$A" -6 route show table 100
    T "$A" -4 route show table 4242
    T "$A" route show table all
    T "$A" route del 10.6.0.0/16 via 10.0.0.2 table 100
    T "$A" route del 10.0.0.5/32 dev up0 table 100
    T "$A" route del 10.0.0.5/32 dev up0 table 100
    T "$A" addr del 10.0.0.1/24 dev up0
    T "$A" addr del 10.0.0.1/24 dev up0
    T "$A" addr del fd00::1/64 dev up0
} | python3 -c '
import re, sys
current = None
def flush():
    if current and current[2]:
        print(f"  {current[0]} len={len(current[2]) // 2}: {current[2]}")
for line in sys.stdin:
    call = re.match(r"^(?:\[pid\s+\d+\] )?(sendmsg|sendto|recvmsg)\((\d+)", line)
    if line.startswith("###") or call:
        flush()
        current = None
        if line.startswith("###"):
            print(line.rstrip())
        elif call.group(2) == "3":  # fd 3 is the request socket; iproute2 resolves names on fd 4
            current = [call.group(1), call.group(2), ""]
        continue
    dump = re.match(r"^ \| [0-9a-f]{5}  (.{48})", line)
    if dump and current is not None:
        current[2] += dump.group(1).replace(" ", "")
    elif line.startswith(("RTNETLINK", "Error")):
        print("  " + line.rstrip())
flush()
'
