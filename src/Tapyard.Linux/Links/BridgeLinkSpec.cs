using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>A Linux bridge, optionally VLAN-aware (vlan_filtering 1).</summary>
public sealed record BridgeLinkSpec : LinkSpec
{
    public bool VlanFiltering { get; init; }

    public override string Kind => LinkKinds.Bridge;

    /// <summary>
    /// Sends IFLA_BR_VLAN_FILTERING only when asked for, as iproute2 does: off is the kernel's default,
    /// and a kernel without CONFIG_BRIDGE_VLAN_FILTERING refuses the attribute (EOPNOTSUPP) even
    /// when it is 0, which would make every bridge create fail there.
    /// </summary>
    internal override void WriteInfoData(NetlinkMessageWriter writer)
    {
        if (VlanFiltering)
            writer.PutU8(LinkAttribute.BridgeVlanFiltering, 1);
    }
}
