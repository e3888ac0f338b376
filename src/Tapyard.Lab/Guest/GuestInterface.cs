namespace Tapyard.Lab.Guest;

/// <summary>A network interface as the guest sees it (from /sys/class/net and `ip -o -4 addr`).</summary>
public sealed record GuestInterface
{
    public required string Name { get; init; }
    /// <summary>Lower case with colons, as /sys shows it.</summary>
    public required string Mac { get; init; }
    /// <summary>/sys/class/net/X/operstate: up, down, unknown (lo), ...</summary>
    public required string OperState { get; init; }
    public int RxQueues { get; init; }
    public int TxQueues { get; init; }
    /// <summary>IPv4 addresses with prefix length ("198.51.100.10/24").</summary>
    public IReadOnlyList<string> Ipv4 { get; init; } = [];
}
