namespace Tapyard.Cli.Commands.Host;

/// <summary>One line of `tapyard host links`: a link with its indexes resolved to names.</summary>
internal sealed record HostLinkRow
{
    public required string Name { get; init; }
    public required int Index { get; init; }
    public string? Kind { get; init; }
    /// <summary>The macvtap/macvlan mode ("bridge", "vepa"...), null for other kinds.</summary>
    public string? Mode { get; init; }
    /// <summary>The lower device's (or veth peer's) name; "@ifN" when it lives in another namespace.</summary>
    public string? Lower { get; init; }
    public int? LowerIndex { get; init; }
    public int? LowerNamespaceId { get; init; }
    public string? Mac { get; init; }
    public int Mtu { get; init; }
    /// <summary>The operational state, lower-case as RFC 2863 names it ("up", "down", "lowerlayerdown").</summary>
    public required string State { get; init; }
    public bool AdminUp { get; init; }
    public int TxQueues { get; init; }
    public int RxQueues { get; init; }
    public string? Master { get; init; }
    public int? VlanId { get; init; }
    public uint Group { get; init; }
}
