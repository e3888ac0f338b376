using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tapyard.Core.Tests.Support;

/// <summary>
/// One run of Tapyard.Core.StoreWriter (built beside the tests) as a separate OS process, with the
/// names it reported committed. Only this process is ever killed, by its own handle (SIGKILL).
/// </summary>
internal sealed class WriterProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _committed = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly SemaphoreSlim _firstCommit = new(0);

    private WriterProcess(Process process) => _process = process;

    public static WriterProcess Start(string stateDirectory, string network, string node, string prefix, int count)
    {
        string writer = Path.Combine(AppContext.BaseDirectory, "Tapyard.Core.StoreWriter.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { writer, stateDirectory, network, node, prefix, count.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info };
        var writerProcess = new WriterProcess(process);
        process.OutputDataReceived += (_, line) => writerProcess.OnOutput(line.Data);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
                writerProcess._errors.Enqueue(line.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return writerProcess;
    }

    public IReadOnlyCollection<string> Committed => _committed.ToArray();

    public string Errors => string.Join('\n', _errors);

    public bool WaitForFirstCommit(TimeSpan timeout) => _firstCommit.Wait(timeout);

    /// <summary>Waits for a normal end; the exit code, or throws when it runs past <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            KillNow();
            throw new TimeoutException($"store writer {_process.Id} still ran after {timeout}; killed it");
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, then waits until it is gone so the next step sees what it left behind.</summary>
    public void KillNow()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            KillNow();
        _process.Dispose();
        _firstCommit.Dispose();
    }

    private void OnOutput(string? line)
    {
        const string Prefix = "committed ";
        if (line is not null && line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            _committed.Enqueue(line[Prefix.Length..]);
            if (_committed.Count == 1)
                _firstCommit.Release();
        }
    }
}
