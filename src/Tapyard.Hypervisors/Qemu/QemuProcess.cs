using Tapyard.Hypervisors.Qmp;
using Tapyard.Linux.Processes;

namespace Tapyard.Hypervisors.Qemu;

/// <summary>
/// A running (or once running) QEMU, known by pid and start time (qemu.json), so it is signalled only
/// while it is that very process. Not our child after daemonizing: liveness comes from /proc.
/// </summary>
public sealed class QemuProcess
{
    public static readonly TimeSpan DefaultQuitTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TermTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    internal QemuProcess(QemuProcessRecord record, QemuRuntimePaths paths)
    {
        Record = record;
        Paths = paths;
    }

    public QemuProcessRecord Record { get; }

    public QemuRuntimePaths Paths { get; }

    public int Pid => Record.Pid;

    public ProcessIdentity Identity => new(Record.Pid, Record.StartTime);

    /// <summary>True while this QEMU runs (its pid not reused, not a zombie).</summary>
    public bool IsAlive => Identity.IsAlive;

    /// <summary>The QEMU recorded in <paramref name="paths"/>' qemu.json (alive or not), or null when there is no record.</summary>
    public static QemuProcess? TryLoad(QemuRuntimePaths paths) =>
        QemuLauncher.ReadRecord(paths) is { } record ? new QemuProcess(record, paths) : null;

    /// <summary>A QMP connection (greeting and capabilities done); dispose it when done.</summary>
    public QmpClient ConnectQmp(TimeSpan? timeout = null) => QmpClient.Connect(Paths.QmpSocket, timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>
    /// Ends QEMU: QMP quit, waiting up to <paramref name="quitTimeout"/>; then SIGTERM; then SIGKILL.
    /// Only this process is signalled (pid and start time checked).
    /// </summary>
    public QemuStopMethod Shutdown(TimeSpan? quitTimeout = null)
    {
        if (!IsAlive)
            return QemuStopMethod.AlreadyGone;
        var timeout = quitTimeout ?? DefaultQuitTimeout;
        try
        {
            using var qmp = ConnectQmp(TimeSpan.FromSeconds(Math.Min(5, timeout.TotalSeconds)));
            qmp.Execute("quit");
            if (Identity.WaitForExit(timeout))
                return QemuStopMethod.Quit;
        }
        catch (Exception e) when (e is QmpConnectionException or QmpException or TimeoutException)
        {
            // A hung or half-dead QEMU: signals next.
        }
        if (!IsAlive)
            return QemuStopMethod.Quit;
        Identity.Signal(LinuxSignal.Term);
        if (Identity.WaitForExit(TermTimeout))
            return QemuStopMethod.Terminated;
        Kill();
        return QemuStopMethod.Killed;
    }

    /// <summary>SIGKILL (this QEMU only) and wait until it is gone.</summary>
    public void Kill()
    {
        Identity.Signal(LinuxSignal.Kill);
        if (!Identity.WaitForExit(KillTimeout))
            throw new HypervisorException($"QEMU of instance {Record.Instance} (pid {Pid}) did not end after SIGKILL");
    }
}
