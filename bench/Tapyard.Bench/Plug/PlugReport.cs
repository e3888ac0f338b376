namespace Tapyard.Bench.Plug;

/// <summary>What one `tapyard bench plug` run measured.</summary>
public sealed record PlugReport
{
    public required int Count { get; init; }
    /// <summary>The namespace the run used; it no longer exists when the report is returned.</summary>
    public required string Namespace { get; init; }
    /// <summary>Whether the create phase opened a queue fd per device (create_open_up) or not (create_up).</summary>
    public required bool QueueFdsOpened { get; init; }
    public required string CreatePhase { get; init; }
    public required IReadOnlyList<Measurement> Measurements { get; init; }
    public required IReadOnlyList<PlugRatio> Ratios { get; init; }

    public Measurement Get(string tool, string phase) =>
        Measurements.Single(m => m.Tool == tool && m.Phase == phase);
}
