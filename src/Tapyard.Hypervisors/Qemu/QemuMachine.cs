namespace Tapyard.Hypervisors.Qemu;

/// <summary>What is the same for every QEMU of an instance (a migration target gets the same machine).</summary>
public sealed record QemuMachine
{
    public required string Name { get; init; }
    public required Guid Uuid { get; init; }
    public required QemuAccelerator Accelerator { get; init; }
    public int Vcpus { get; init; } = 1;
    public int MemoryMiB { get; init; } = 256;

    /// <summary>Direct kernel boot; null: firmware only (no disk either, so nothing boots).</summary>
    public GuestBoot? Boot { get; init; }
}
