using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>An 802.1Q sub-interface (e.g. eth0.100) on a lower device.</summary>
public sealed record VlanLinkSpec : LinkSpec
{
    public const ushort EthernetType8021Q = 0x8100;

    public required string Lower { get; init; }
    public int? LowerIndex { get; init; }
    public required ushort VlanId { get; init; }

    public override string Kind => LinkKinds.Vlan;
    public override string? LowerDevice => Lower;

    internal override void WriteInfoData(NetlinkMessageWriter writer)
    {
        // Protocol before id, in network byte order, as iproute2 sends `type vlan protocol 802.1Q id N`.
        writer.PutU16BigEndian(LinkAttribute.VlanProtocol, EthernetType8021Q);
        writer.PutU16(LinkAttribute.VlanId, VlanId);
    }
}
