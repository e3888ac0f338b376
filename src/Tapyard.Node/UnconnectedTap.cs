using Tapyard.Linux.Links;

namespace Tapyard.Node;

/// <summary>
/// What the caller decides about a tap the node makes and connects to nothing (<see cref="Core.Nics.NicMode.Tap"/>,
/// Nova's vif_type tap): its name (Nova's devname), the MAC of its host side (Nova's details.tap_mac_address;
/// null: the guest's MAC with a first byte of FE, as every Tapyard tap) and its MTU (the network's; null: the kernel's).
/// </summary>
public sealed record UnconnectedTap(string Name, MacAddress? HostMac = null, int? Mtu = null);
