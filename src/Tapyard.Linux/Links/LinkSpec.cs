using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>
/// What to create: the settings every kind shares. Subtypes add their kind's IFLA_INFO_DATA.
/// An explicit <see cref="Index"/> makes the ifindex (and so a macvtap's /dev/tapN) predictable.
/// </summary>
public abstract record LinkSpec
{
    public required string Name { get; init; }
    public int? Index { get; init; }
    public MacAddress? Mac { get; init; }
    public int? Mtu { get; init; }
    public int? TxQueues { get; init; }
    public int? RxQueues { get; init; }
    public int? TxQueueLength { get; init; }
    public uint? Group { get; init; }
    /// <summary>IPv6 addr-gen-mode none: the host gets no link-local address on the device.</summary>
    public bool DisableIpv6AddressGeneration { get; init; }
    public bool Up { get; init; }

    public abstract string Kind { get; }

    /// <summary>The device this one sits on (macvtap, macvlan, vlan), by name; null for kinds without one.</summary>
    public virtual string? LowerDevice => null;

    /// <summary>Writes IFLA_INFO_DATA (and any peer) for this kind; nothing for kinds without data.</summary>
    internal virtual void WriteInfoData(NetlinkMessageWriter writer) { }

    /// <summary>Names (besides <see cref="Name"/>) to validate before any syscall, e.g. a veth peer.</summary>
    internal virtual IEnumerable<string> OtherNames => [];

    /// <summary>MACs (besides <see cref="Mac"/>) to validate before any syscall, with the device each is for.</summary>
    internal virtual IEnumerable<(string Device, MacAddress Mac)> OtherMacs => [];

    /// <summary>A namespace fd the request carries (a veth peer's), held open while the request is in flight.</summary>
    internal virtual Microsoft.Win32.SafeHandles.SafeFileHandle? NamespaceHandle => null;
}
