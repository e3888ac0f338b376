using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>A Linux bridge, optionally VLAN-aware (vlan_filtering 1).</summary>
public sealed record BridgeLinkSpec : LinkSpec
{
    public bool VlanFiltering { get; init; }

    public override string Kind => LinkKinds.Bridge;

    internal override void WriteInfoData(NetlinkMessageWriter writer) =>
        writer.PutU8(LinkAttribute.BridgeVlanFiltering, VlanFiltering ? (byte)1 : (byte)0);
}
