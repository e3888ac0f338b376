using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>A veth pair; the peer may be created straight into another namespace.</summary>
public sealed record VethLinkSpec : LinkSpec
{
    public required string PeerName { get; init; }
    /// <summary>The peer's ifindex; the kernel honours it only together with <see cref="LinkSpec.Index"/>.</summary>
    public int? PeerIndex { get; init; }
    public MacAddress? PeerMac { get; init; }
    /// <summary>An fd of the namespace the peer is created in (see NetworkNamespace.OpenHandle); null: same namespace.</summary>
    public SafeFileHandle? PeerNamespace { get; init; }

    public override string Kind => LinkKinds.Veth;

    internal override IEnumerable<string> OtherNames => [PeerName];
    internal override IEnumerable<(string Device, MacAddress Mac)> OtherMacs => PeerMac is { } mac ? [(PeerName, mac)] : [];
    internal override SafeFileHandle? NamespaceHandle => PeerNamespace;

    internal override void WriteInfoData(NetlinkMessageWriter writer)
    {
        int peer = writer.BeginNested(LinkAttribute.VethPeer);
        writer.WriteStruct(new InterfaceInfoMessage { Index = PeerIndex ?? 0 });
        writer.PutString(LinkAttribute.IfName, PeerName);
        if (PeerMac is { } mac)
            writer.PutBytes(LinkAttribute.Address, mac.ToBytes());
        if (PeerNamespace is not null)
            writer.PutU32(LinkAttribute.NetNsFd, (uint)PeerNamespace.DangerousGetHandle());
        writer.EndNested(peer);
    }
}
