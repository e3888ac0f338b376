using System.ComponentModel;
using System.Diagnostics;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// `virsh event --event lifecycle --loop` on one libvirtd, as a child process (argument vector) whose lines
/// ("event 'lifecycle' for domain 'NAME': Resumed Migrated"; virsh flushes each) are handed to a callback on
/// a reader thread. Disposing kills the virsh (by its own process handle) and waits for the reader, so the
/// callback never runs after Dispose returns.
/// </summary>
public sealed class LifecycleWatch : IDisposable
{
    private readonly Process _process;
    private readonly Thread _reader;

    private LifecycleWatch(Process process, Action<string> onLine)
    {
        _process = process;
        _reader = new Thread(() =>
        {
            try
            {
                while (process.StandardOutput.ReadLine() is { } line)
                    onLine(line);
            }
            catch (IOException)
            {
                // virsh was killed mid-line: the watch is over.
            }
        }) { IsBackground = true, Name = "virsh event" };
        _reader.Start();
    }

    /// <summary>Starts watching the domains of <paramref name="uri"/>.</summary>
    public static LifecycleWatch Start(string uri, Action<string> onLine, string binary = Virsh.DefaultBinary)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-q", "-c", uri, "event", "--event", "lifecycle", "--loop" })
            start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C"; // the lines are parsed
        try
        {
            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            return new LifecycleWatch(process, onLine);
        }
        catch (Win32Exception e)
        {
            throw new HypervisorException($"cannot run {binary}: {e.Message}; install libvirt-clients", e);
        }
    }

    /// <summary>Whether <paramref name="line"/> says domain <paramref name="name"/> resumed (libvirt runs its vCPUs).</summary>
    public static bool IsResumed(string line, string name) =>
        line.StartsWith("event 'lifecycle' for domain ", StringComparison.Ordinal)
        && line.Contains($"'{name}': Resumed", StringComparison.Ordinal);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.WaitForExit();
        _reader.Join();
        _process.Dispose();
    }
}
