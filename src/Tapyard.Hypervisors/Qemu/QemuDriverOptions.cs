namespace Tapyard.Hypervisors.Qemu;

public sealed record QemuDriverOptions
{
    /// <summary>null: TAPYARD_RUN_DIR, else /run/tapyard.</summary>
    public string? RuntimeDirectory { get; init; }

    /// <summary>"kvm" or "tcg" forces the accelerator; null: TAPYARD_QEMU_ACCEL, else detected (<see cref="QemuAccelerator.Detect"/>).</summary>
    public string? Accelerator { get; init; }

    /// <summary>What instances boot; null: no kernel (firmware only).</summary>
    public IGuestBootProvider? Boot { get; init; }

    /// <summary>
    /// ovs-vsctl's --db (unix:PATH) for openvswitch NICs; null: ovs-vsctl's own default
    /// ($OVS_RUNDIR/db.sock, else /var/run/openvswitch/db.sock).
    /// </summary>
    public string? OvsDatabase { get; init; }

    public string Binary { get; init; } = QemuLauncher.DefaultBinary;

    /// <summary>How long `quit` may take before SIGTERM.</summary>
    public TimeSpan QuitTimeout { get; init; } = QemuProcess.DefaultQuitTimeout;

    /// <summary>The NIC hooks run when instances' NICs are plugged and removed (e.g. NicHooks.ForStateDirectory); null: none.</summary>
    public Node.Hooks.NicHooks? Hooks { get; init; }

    /// <summary>How long QEMU may take to daemonize, and QMP to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
