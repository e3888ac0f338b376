namespace Tapyard.Hypervisors.Qemu.Migration;

/// <summary>
/// A completed live migration. <see cref="TotalTime"/> and <see cref="Downtime"/> are QEMU's own figures
/// (the source's query-migrate); <see cref="Switchover"/> is Tapyard's part after QEMU finished: the
/// source's NICs down, the target's up, `cont` on the target; <see cref="Elapsed"/> is the whole operation.
/// </summary>
public sealed record MigrationResult
{
    public required string Instance { get; init; }
    public required string SourceNode { get; init; }
    public required string TargetNode { get; init; }

    /// <summary>Where the target QEMU listened (tcp:IP:PORT).</summary>
    public required string Uri { get; init; }

    public required TimeSpan TotalTime { get; init; }
    public required TimeSpan Downtime { get; init; }
    public required TimeSpan Switchover { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public long RamTransferredBytes { get; init; }

    /// <summary>Problems after the guest already ran on the target (e.g. the source's devices could not be swept); empty normally.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
