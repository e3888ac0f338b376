namespace Tapyard.Bench.Config;

/// <summary>What `tapyard bench config` measured, and how the CLI processes were started.</summary>
public sealed record ConfigReport(
    int Instances,
    int Allocations,
    long ConfigBytes,
    string CliCommand,
    IReadOnlyList<ConfigFigure> Figures,
    IReadOnlyList<ConfigTarget> Targets)
{
    /// <summary>Figures that could not be taken (a CLI command missing or failing), with the reason.</summary>
    public IReadOnlyList<string> Unavailable { get; init; } = [];
}
