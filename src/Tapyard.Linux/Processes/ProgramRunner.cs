using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Processes;

/// <summary>
/// Runs a helper program (tc, nft, ovs-vsctl, virsh, cpio...) to completion with an argument vector, never a
/// shell: optionally inside a network namespace and fed text on stdin; stdout and stderr are both read while it
/// runs (so a chatty program cannot fill a pipe and stall), and the time limit holds: at the limit the process
/// we started is killed (SIGKILL by its PID) and the result says it timed out. Each caller turns the result into
/// its own error; this type only reports.
/// </summary>
public static class ProgramRunner
{
    /// <summary>After a kill: how long the kernel gets to reap it, and the pipes to drain.</summary>
    private static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <exception cref="ProgramNotFoundException">The program is not installed (the message names <see cref="ProgramInvocation.Package"/> when given).</exception>
    /// <exception cref="SpawnFailedException">It exists but could not be executed (permissions, format).</exception>
    public static ProgramResult Run(ProgramInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(invocation.Timeout, TimeSpan.Zero, nameof(invocation));
        var start = StartInfo(invocation, ProcessSpawner.Resolve(invocation.Program, invocation.Package));
        var clock = Stopwatch.StartNew();
        // From the namespace's thread, so the child is born in the namespace; the waiting happens here, not on that thread.
        using var process = invocation.Namespace is { } ns ? ns.Run(() => Start(start, invocation)) : Start(start, invocation);

        var output = invocation.OutputTo is { } sink
            ? StreamCapture.OfBytes(process.StandardOutput.BaseStream, sink)
            : StreamCapture.OfText(process.StandardOutput);
        var error = StreamCapture.OfText(process.StandardError);
        var feed = Feed(process, invocation.Input);

        bool killed = !process.WaitForExit(Remaining(invocation.Timeout, clock));
        if (killed)
        {
            // The whole tree: a child's own children (apt-get's download methods) would outlive it otherwise.
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* it ended just now */ }
            process.WaitForExit(ReapGrace);
        }
        // Exited in time: its pipes close with it unless something it started holds them, which the limit also covers.
        var drain = killed ? OutputGrace : Max(Remaining(invocation.Timeout, clock), OutputGrace);
        bool timedOut = killed || !Task.WaitAll([output.Ended, error.Ended, feed], drain);
        int? exitCode = killed || !process.HasExited ? null : process.ExitCode;
        if (timedOut)
        {
            // Close the pipes (something the child started may hold them open) and let the copies stop
            // before the caller gets OutputTo back: it may dispose that stream as soon as this returns.
            process.Dispose();
            Task.WaitAll([output.Ended, error.Ended], OutputGrace);
        }
        if (output.Failure is { } failure)
            ExceptionDispatchInfo.Throw(failure); // writing to OutputTo failed (disk full): that error, not a result
        return new ProgramResult(exitCode, invocation.OutputTo is null ? output.Text : "", error.Text, clock.Elapsed, timedOut);
    }

    private static ProcessStartInfo StartInfo(ProgramInvocation invocation, string path)
    {
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (string argument in invocation.Arguments)
            start.ArgumentList.Add(argument);
        if (invocation.WorkingDirectory is { } directory)
            start.WorkingDirectory = directory;
        // Messages are parsed (virsh's "failed to get domain") and quoted in errors: keep them untranslated.
        start.Environment["LC_ALL"] = "C";
        return start;
    }

    private static Process Start(ProcessStartInfo start, ProgramInvocation invocation)
    {
        try
        {
            return Process.Start(start) ?? throw new SpawnFailedException(invocation.Program, 0, "no process was started");
        }
        catch (Win32Exception e)
        {
            // Found on PATH a moment ago: gone since, or not executable.
            throw e.NativeErrorCode == LinuxErrno.ENOENT
                ? new ProgramNotFoundException(invocation.Program, ProgramNotFoundException.InstallHint(invocation.Package))
                : new SpawnFailedException(invocation.Program, e.NativeErrorCode, e.Message);
        }
    }

    /// <summary>Writes the input on a task (a program that does not read it must not block us past the limit), then closes stdin.</summary>
    private static Task Feed(Process process, string? input)
    {
        if (input is null)
        {
            process.StandardInput.Close();
            return Task.CompletedTask;
        }
        return Task.Run(async () =>
        {
            try
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // It exited (or was killed) without reading all of it: its exit code tells.
            }
        });
    }

    private static TimeSpan Remaining(TimeSpan limit, Stopwatch clock) => Max(limit - clock.Elapsed, TimeSpan.Zero);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
