#!/usr/bin/env bash
# Installs the Debian packages Tapyard's tests and lab use, when any is missing.
# Usage: ensure-packages.sh  (needs root; runs apt-get update only when something must be installed)
set -euo pipefail
# command -> package
declare -A need=(
  [ip]=iproute2
  [bridge]=iproute2
  [tc]=iproute2
  [qemu-system-x86_64]=qemu-system-x86
  [busybox]=busybox-static
  [cpio]=cpio
  [nft]=nftables
  [ethtool]=ethtool
  [virsh]=libvirt-clients
  [libvirtd]=libvirt-daemon-system
  [virt-xml-validate]=libvirt-clients
  [xmllint]=libxml2-utils
  [ovs-vsctl]=openvswitch-switch
  [ovsdb-server]=openvswitch-switch
  [ovs-vswitchd]=openvswitch-switch
  [ovs-ofctl]=openvswitch-switch
  [iperf3]=iperf3
  [unshare]=util-linux
  [nsenter]=util-linux
)
missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "tapyard: missing packages ${missing[*]}; run as root so they can be installed" >&2
  exit 1
fi
echo "tapyard: installing ${missing[*]}..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
