namespace Tapyard.Hypervisors.Qemu;

/// <summary>
/// The files of one QEMU: &lt;TAPYARD_RUN_DIR&gt;/instances/&lt;name&gt;/ holds qmp.sock, console.sock,
/// console.log (everything the serial console printed), qemu.pid (QEMU's -pidfile), qemu.log (QEMU's
/// own messages until it daemonizes) and qemu.json (pid + start time: <see cref="QemuProcessRecord"/>).
/// </summary>
public sealed record QemuRuntimePaths(string Directory)
{
    public const string InstancesDirectory = "instances";

    /// <summary>sun_path holds 108 bytes with the terminating NUL.</summary>
    public const int MaxSocketPathLength = 107;

    public static QemuRuntimePaths For(string runtimeDirectory, string instance) =>
        new(Path.Combine(runtimeDirectory, InstancesDirectory, instance));

    public string QmpSocket => Path.Combine(Directory, "qmp.sock");
    public string ConsoleSocket => Path.Combine(Directory, "console.sock");
    public string ConsoleLog => Path.Combine(Directory, "console.log");
    public string PidFile => Path.Combine(Directory, "qemu.pid");
    public string QemuLog => Path.Combine(Directory, "qemu.log");
    public string ProcessFile => Path.Combine(Directory, "qemu.json");

    /// <summary>
    /// The prefix of a migration's incoming directories: the incoming QEMU's files live in
    /// "&lt;instance dir&gt;.incoming-&lt;random&gt;" while both QEMUs run (the instance's own directory holds the
    /// source's). Unique per migration because a QEMU unlinks the paths it bound its sockets and pid
    /// file to when it quits, even after they were moved: a later migration must not reuse them.
    /// </summary>
    public string IncomingPrefix => Directory + ".incoming-";

    /// <summary>A fresh incoming directory's paths (<see cref="IncomingPrefix"/>).</summary>
    public QemuRuntimePaths NewIncoming() => new(IncomingPrefix + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Serializes start/stop/reboot of the instance across processes (flock).</summary>
    public string LockFile => Directory + ".lock";

    /// <summary>Removes what belongs to a running QEMU (sockets, pid, record); the logs stay for `instance console`.</summary>
    public void RemoveVolatile()
    {
        if (!System.IO.Directory.Exists(Directory))
            return;
        foreach (string file in new[] { QmpSocket, ConsoleSocket, PidFile, ProcessFile })
            File.Delete(file);
    }
}
