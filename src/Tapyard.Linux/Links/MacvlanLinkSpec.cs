using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>A macvtap (<see cref="Tap"/> true, the default) or macvlan on a lower device.</summary>
public sealed record MacvlanLinkSpec : LinkSpec
{
    public required string Lower { get; init; }
    /// <summary>The lower device's index when the caller already knows it (saves a lookup per create).</summary>
    public int? LowerIndex { get; init; }
    public MacvlanMode Mode { get; init; } = MacvlanMode.Bridge;
    public bool Tap { get; init; } = true;

    public override string Kind => Tap ? LinkKinds.Macvtap : LinkKinds.Macvlan;
    public override string? LowerDevice => Lower;

    internal override void WriteInfoData(NetlinkMessageWriter writer) =>
        writer.PutU32(LinkAttribute.MacvlanMode, (uint)Mode);
}
