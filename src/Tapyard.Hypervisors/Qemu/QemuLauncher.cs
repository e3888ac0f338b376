using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;
using Tapyard.Linux.Processes;

namespace Tapyard.Hypervisors.Qemu;

/// <summary>
/// Starts a QEMU: its tap queues (and vhost fds) inherited at fds 3, 4, .. through posix_spawn, in
/// the node's network namespace, daemonized. The intermediate process exits once QEMU's sockets
/// listen and is reaped here; QEMU itself is reparented, so a CLI can exit while it runs and a
/// long-lived caller collects no zombies of its own.
/// </summary>
public static class QemuLauncher
{
    public const string DefaultBinary = "qemu-system-x86_64";

    /// <summary>The first fd number handed to QEMU (0-2 are stdio).</summary>
    public const int FirstFd = 3;

    /// <exception cref="HypervisorException">QEMU is missing, refused its arguments, or did not start; nothing of it is left running.</exception>
    public static QemuProcess Launch(QemuLaunchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var paths = request.Paths;
        string name = request.Machine.Name;
        foreach (string socket in new[] { paths.QmpSocket, paths.ConsoleSocket })
            if (Encoding.UTF8.GetByteCount(socket) > QemuRuntimePaths.MaxSocketPathLength)
                throw new HypervisorException($"cannot start instance {name}: socket path {socket} is longer than {QemuRuntimePaths.MaxSocketPathLength} bytes; use a shorter TAPYARD_RUN_DIR");
        Directory.CreateDirectory(paths.Directory);
        paths.RemoveVolatile();

        var vhost = new List<SafeHandle>();
        try
        {
            var files = new List<InheritedFile>();
            var nics = new List<QemuNic>();
            int next = FirstFd;
            foreach (var nic in request.Nics)
            {
                var tapFds = new List<int>();
                foreach (var queue in nic.Queues)
                {
                    files.Add(new InheritedFile(queue, next));
                    tapFds.Add(next++);
                }
                var vhostFds = new List<int>();
                if (VhostNet.IsAvailable)
                    foreach (var handle in VhostNet.Open(nic.Queues.Count))
                    {
                        vhost.Add(handle);
                        files.Add(new InheritedFile(handle, next));
                        vhostFds.Add(next++);
                    }
                nics.Add(new QemuNic(nic.Index, nic.Mac, tapFds, vhostFds));
            }
            var arguments = QemuCommandLine.Build(request.Machine, paths, nics, request.Paused, daemonize: true, request.ExtraArguments);
            // One header line per start; QEMU's messages of this start are what follows it.
            File.AppendAllText(paths.QemuLog, $"--- {DateTimeOffset.UtcNow:O} {request.Binary} {string.Join(' ', arguments)}\n");
            long logStart = new FileInfo(paths.QemuLog).Length;

            SpawnedProcess parent;
            try
            {
                parent = ProcessSpawner.Spawn(new SpawnRequest
                {
                    Program = request.Binary, Arguments = arguments, Files = files, OutputPath = paths.QemuLog,
                }, request.Namespace);
            }
            catch (ProgramNotFoundException)
            {
                throw new HypervisorException($"cannot start instance {name}: {request.Binary} is not installed; install the qemu-system-x86 package");
            }
            catch (TapyardLinuxException e)
            {
                throw new HypervisorException($"cannot start instance {name}: {e.Message}", e);
            }

            var exit = parent.WaitForExit(request.StartTimeout);
            if (exit is null)
            {
                parent.Kill();
                KillFromPidFile(paths);
                throw new HypervisorException($"cannot start instance {name}: QEMU did not get ready within {request.StartTimeout.TotalSeconds:0} s (see {paths.QemuLog})");
            }
            if (!exit.Value.Succeeded)
                throw new HypervisorException($"cannot start instance {name}: QEMU ended with {exit}: {LogTail(paths.QemuLog, logStart)}");

            var identity = ReadPidFile(paths) is { } pid ? ProcessIdentity.TryOf(pid) : null;
            if (identity is null)
                throw new HypervisorException($"cannot start instance {name}: QEMU ended right after starting: {LogTail(paths.QemuLog, logStart)}");
            var record = new QemuProcessRecord
            {
                Pid = identity.Value.Pid, StartTime = identity.Value.StartTime, Instance = name, InstanceUuid = request.Machine.Uuid,
                Node = request.Node, Accelerator = request.Machine.Accelerator.Name, StartedAt = DateTimeOffset.UtcNow,
            };
            var process = new QemuProcess(record, paths);
            try
            {
                WriteRecord(paths, record);
            }
            catch
            {
                process.Kill();
                throw;
            }
            return process;
        }
        finally
        {
            foreach (var handle in vhost)
                handle.Dispose();
        }
    }

    internal static int? ReadPidFile(QemuRuntimePaths paths)
    {
        try
        {
            return int.TryParse(File.ReadAllText(paths.PidFile).Trim(), out int pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void KillFromPidFile(QemuRuntimePaths paths)
    {
        if (ReadPidFile(paths) is { } pid && ProcessIdentity.TryOf(pid) is { } identity && IsQemuOf(identity, paths))
            identity.Signal(LinuxSignal.Kill);
    }

    /// <summary>The pid file's process is ours only if its command line names our QMP socket (a pid file may be stale).</summary>
    private static bool IsQemuOf(ProcessIdentity identity, QemuRuntimePaths paths)
    {
        try { return File.ReadAllText($"/proc/{identity.Pid}/cmdline").Contains(paths.QmpSocket, StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }

    private static void WriteRecord(QemuRuntimePaths paths, QemuProcessRecord record)
    {
        string temp = $"{paths.ProcessFile}.tmp-{Environment.ProcessId}";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, QemuJsonContext.Default.QemuProcessRecord);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, paths.ProcessFile, overwrite: true);
        DirectorySync.Sync(paths.Directory);
    }

    internal static QemuProcessRecord? ReadRecord(QemuRuntimePaths paths)
    {
        try
        {
            using var stream = File.OpenRead(paths.ProcessFile);
            return JsonSerializer.Deserialize(stream, QemuJsonContext.Default.QemuProcessRecord);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>QEMU's last words in its log since <paramref name="offset"/>, on one line.</summary>
    private static string LogTail(string log, long offset)
    {
        try
        {
            using var stream = File.OpenRead(log);
            stream.Seek(offset, SeekOrigin.Begin);
            string text = new StreamReader(stream).ReadToEnd();
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.Contains("TUNSETSTEERINGEBPF", StringComparison.Ordinal)).TakeLast(3).ToList();
            return lines.Count == 0 ? $"no message (see {log})" : string.Join(" / ", lines);
        }
        catch (IOException)
        {
            return $"see {log}";
        }
    }
}
