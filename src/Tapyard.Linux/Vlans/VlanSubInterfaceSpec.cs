namespace Tapyard.Linux.Vlans;

/// <summary>
/// A VLAN sub-interface to create: <see cref="Name"/> (conventionally "P.V") carries VLAN
/// <see cref="Vlan"/> of <see cref="Parent"/> untagged. <see cref="PeerName"/> names the hidden veth
/// end used where the kernel has no 802.1Q driver (ignored when it has one).
/// </summary>
public sealed record VlanSubInterfaceSpec(string Parent, ushort Vlan, string Name, string PeerName);
