using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tapyard.Node.Tests.Support;

/// <summary>
/// One run of Tapyard.Node.Plugger (built beside the tests) as a separate OS process. It plugs
/// after <see cref="Go"/>; only this process is ever killed, by its own handle (SIGKILL).
/// </summary>
internal sealed class PluggerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<(string Device, int Ifindex)> _plugged = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ManualResetEventSlim _ready = new();
    private readonly ManualResetEventSlim _done = new();

    private PluggerProcess(Process process) => _process = process;

    public static PluggerProcess Start(string runDirectory, string node, string netns, string instance, int count, int macByte, bool hold)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Tapyard.Node.Plugger.dll"), runDirectory, node, netns, instance,
                     count.ToString(System.Globalization.CultureInfo.InvariantCulture), macByte.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     hold ? "hold" : "exit",
                 })
            info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info };
        var plugger = new PluggerProcess(process);
        process.OutputDataReceived += (_, line) => plugger.OnOutput(line.Data);
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) plugger._errors.Enqueue(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return plugger;
    }

    public IReadOnlyList<(string Device, int Ifindex)> Plugged => _plugged.ToArray();

    public string Errors => string.Join('\n', _errors);

    /// <summary>Lets the process plug, once it is started and waiting (so timing starts at the plug, not at process start).</summary>
    public void Go()
    {
        if (!_ready.Wait(TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"plugger {_process.Id} never became ready: {Errors}");
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Flush();
    }

    /// <summary>Waits until every NIC is plugged; throws with the process's errors when it ended or timed out first.</summary>
    public void WaitUntilPlugged(TimeSpan timeout)
    {
        if (!_done.Wait(timeout))
            throw new TimeoutException($"plugger {_process.Id} did not finish within {timeout}: {Errors}");
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"plugger {_process.Id} still ran after {timeout}; killed it");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash: no cleanup code runs in the process.</summary>
    public void Kill()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _done.Dispose();
        _ready.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line == "ready")
        {
            _ready.Set();
            return;
        }
        if (line == "done")
        {
            _done.Set();
            return;
        }
        var parts = line.Split(' ');
        if (parts is ["plugged", var device, var index])
            _plugged.Enqueue((device, int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
