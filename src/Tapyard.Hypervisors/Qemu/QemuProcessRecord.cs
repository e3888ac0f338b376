namespace Tapyard.Hypervisors.Qemu;

/// <summary>
/// qemu.json: which process is the instance's QEMU. The start time (from /proc/PID/stat) makes the
/// pid safe to signal later: a pid reused by another process has another start time.
/// </summary>
public sealed record QemuProcessRecord
{
    public required int Pid { get; init; }
    public required ulong StartTime { get; init; }
    public required string Instance { get; init; }
    public required Guid InstanceUuid { get; init; }
    public required string Node { get; init; }
    public required string Accelerator { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
}
