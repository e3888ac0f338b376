namespace Tapyard.Lab;

/// <summary>One device in a lab namespace as the kernel reports it.</summary>
public sealed record LabLinkStatus
{
    public required string Name { get; init; }
    public string? Kind { get; init; }
    public bool Up { get; init; }
    /// <summary>The bridge this device is a port of, by name.</summary>
    public string? Master { get; init; }
    /// <summary>For a bridge port: whether hairpin (reflective relay) is on.</summary>
    public bool? Hairpin { get; init; }
    public IReadOnlyList<string> Addresses { get; init; } = [];
}
