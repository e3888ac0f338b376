namespace Tapyard.Bench.Plug;

/// <summary>
/// A ratio of two per-device figures, with the target when it has one. <see cref="Name"/> is
/// "phase.numerator_over_denominator", e.g. "teardown.ip_over_tapyard".
/// </summary>
public sealed record PlugRatio(string Name, string Description, double Value)
{
    public double? AtMost { get; init; }
    public double? AtLeast { get; init; }

    public bool HasTarget => AtMost is not null || AtLeast is not null;

    public bool? Met => HasTarget ? (AtMost is null || Value <= AtMost) && (AtLeast is null || Value >= AtLeast) : null;

    public string? TargetText => AtMost is { } most ? $"<= {most}" : AtLeast is { } least ? $">= {least}" : null;
}
