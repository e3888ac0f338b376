using Tapyard.Linux.Links;

namespace Tapyard.Node;

/// <summary>
/// What the caller decides about a tap the node makes and connects to nothing (<see cref="Core.Nics.NicMode.Tap"/>,
/// Nova's vif_type tap): its name (Nova's devname), the MAC of its host side (Nova's details.tap_mac_address;
/// null: the guest's MAC with a first byte of FE, as every Tapyard tap), its MTU (the network's; null: the
/// kernel's), and whether it is multi-queue. Whoever opens it by name must ask for the same: the kernel
/// refuses (EINVAL, measured on 6.18) a queue without IFF_MULTI_QUEUE on a multi-queue tap, and libvirt and
/// QEMU ask for IFF_MULTI_QUEUE only when the guest has more than one queue; so Nova's plug_tap makes it
/// multi-queue only when the guest's image and flavor ask for it.
/// </summary>
public sealed record UnconnectedTap(string Name, MacAddress? HostMac = null, int? Mtu = null, bool MultiQueue = false);
