using System.Net;
using System.Net.Sockets;

namespace Tapyard.Linux.Addresses;

/// <summary>What the kernel reports about one address, parsed from RTM_NEWADDR.</summary>
public sealed record AddressInfo
{
    public required AddressFamily Family { get; init; }
    /// <summary>The device's own address (IFA_LOCAL, or IFA_ADDRESS when there is no IFA_LOCAL, as for IPv6).</summary>
    public required IPAddress Address { get; init; }
    public required int PrefixLength { get; init; }
    public required int DeviceIndex { get; init; }
    /// <summary>The other end of a point-to-point address (IFA_ADDRESS when it differs from IFA_LOCAL).</summary>
    public IPAddress? Peer { get; init; }
    public IPAddress? Broadcast { get; init; }
    public string? Label { get; init; }
    public AddressScope Scope { get; init; }
    public AddressFlags Flags { get; init; }
    /// <summary>Seconds the address stays preferred/valid; uint.MaxValue is "forever".</summary>
    public uint PreferredLifetime { get; init; } = uint.MaxValue;
    public uint ValidLifetime { get; init; } = uint.MaxValue;

    public bool IsTentative => (Flags & AddressFlags.Tentative) != 0;

    public override string ToString() => $"{Address}/{PrefixLength}";
}
