namespace Tapyard.Node;

/// <summary>What a sweep removed: device names, and record files (whose devices were already gone or were removed).</summary>
public sealed record SweepResult(IReadOnlyList<string> DevicesRemoved, IReadOnlyList<string> RecordsRemoved)
{
    public static SweepResult Nothing { get; } = new([], []);
}
