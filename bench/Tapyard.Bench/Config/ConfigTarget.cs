namespace Tapyard.Bench.Config;

/// <summary>A target of the issue and whether this run met it (<see cref="Value"/> at most <see cref="AtMost"/>).</summary>
public sealed record ConfigTarget(string Name, string Description, double Value, double AtMost)
{
    public bool Met => Value <= AtMost;
}
