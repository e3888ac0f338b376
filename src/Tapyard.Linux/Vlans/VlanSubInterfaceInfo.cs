namespace Tapyard.Linux.Vlans;

/// <summary>
/// What a link dump says about a VLAN sub-interface (see <see cref="VlanSubInterfaces.Describe"/>).
/// </summary>
/// <param name="Parent">The parent's name from Tapyard's alias; null for an 802.1Q link Tapyard did not make (see <paramref name="ParentIndex"/>).</param>
/// <param name="ParentIndex">An 802.1Q link's lower device (IFLA_LINK); null for the veth backend, whose parent is known by name only.</param>
/// <param name="MadeByTapyard">It carries Tapyard's alias "tapyard vlan V on P".</param>
/// <param name="PeerIndex">The veth backend's hidden peer; null for an 802.1Q link.</param>
public sealed record VlanSubInterfaceInfo(
    string Name, string? Parent, ushort Vlan, bool MadeByTapyard, VlanBackend Backend, int? PeerIndex, int? ParentIndex);
