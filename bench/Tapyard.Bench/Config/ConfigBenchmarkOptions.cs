namespace Tapyard.Bench.Config;

/// <summary>How big `tapyard bench config` makes the cluster and how often it measures.</summary>
public sealed record ConfigBenchmarkOptions
{
    public int Instances { get; init; } = 10_000;
    /// <summary>How many of the instances are added one committed transaction each (the rest in one transaction).</summary>
    public int CommittedSamples { get; init; } = 20;
    public int Allocations { get; init; } = 100_000;
    public int AllocationRounds { get; init; } = 5;
    public int CliRuns { get; init; } = 5;
    /// <summary>The command that starts the CLI (e.g. ["/repo/tapyard"] or ["dotnet", "tapyard.dll"]); empty: no CLI timings.</summary>
    public IReadOnlyList<string> Cli { get; init; } = [];
    /// <summary>Leave the state directory in place (its path goes to the progress stream), to rerun the CLI by hand.</summary>
    public bool KeepState { get; init; }
}
