using Tapyard.Linux.Namespaces;

namespace Tapyard.Hypervisors.Qemu;

/// <summary>One QEMU to start (<see cref="QemuLauncher.Launch"/>): an instance's boot, or a migration target with "-incoming".</summary>
public sealed record QemuLaunchRequest
{
    public required QemuMachine Machine { get; init; }
    public required QemuRuntimePaths Paths { get; init; }

    /// <summary>The node whose namespace QEMU starts in (recorded in qemu.json).</summary>
    public required string Node { get; init; }

    /// <summary>The node's network namespace (<see cref="NetworkNamespace.Host"/> for a real host).</summary>
    public required NetworkNamespace Namespace { get; init; }

    public IReadOnlyList<QemuNicFiles> Nics { get; init; } = [];

    /// <summary>Start with the vCPUs stopped (-S); `cont` over QMP runs them.</summary>
    public bool Paused { get; init; } = true;

    /// <summary>Extra arguments appended as given (e.g. ["-incoming", "defer"]).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public string Binary { get; init; } = QemuLauncher.DefaultBinary;

    /// <summary>How long QEMU may take until it daemonizes (its sockets then listen).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
