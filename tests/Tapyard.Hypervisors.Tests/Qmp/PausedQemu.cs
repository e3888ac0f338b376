using Tapyard.Hypervisors.Qmp;
using Tapyard.Linux.Processes;

namespace Tapyard.Hypervisors.Tests.Qmp;

/// <summary>A bare QEMU (no devices, no guest, paused with -S, TCG) with a QMP socket, shared by the QMP tests; killed on dispose.</summary>
public sealed class PausedQemu : IDisposable
{
    public PausedQemu()
    {
        Directory = new TempDirectory("qmp");
        SocketPath = Directory.File("qmp.sock");
        Process = ProcessSpawner.Spawn(new SpawnRequest
        {
            Program = "qemu-system-x86_64",
            Arguments = ["-S", "-nodefaults", "-display", "none", "-machine", "q35", "-accel", "tcg", "-m", "64",
                "-qmp", $"unix:{SocketPath},server=on,wait=off"],
            OutputPath = Directory.File("qemu.log"),
        });
    }

    public TempDirectory Directory { get; }
    public string SocketPath { get; }
    public SpawnedProcess Process { get; }

    public QmpClient Connect() => QmpClient.Connect(SocketPath, TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        Process.Kill();
        Directory.Dispose();
    }
}
