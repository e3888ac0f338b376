using System.Diagnostics;

namespace Tapyard.Cli.Tests.Support;

/// <summary>
/// Runs the built `tapyard` as its own process (the tapyard.dll the build copies next to the tests,
/// started by the same dotnet host), with --state-dir given and TAPYARD_STATE_DIR cleared so a
/// test never touches /var/lib/tapyard.
/// </summary>
internal static class TapyardProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "tapyard.dll");
    private static readonly string Host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static CliResult Run(string stateDirectory, params string[] args) => RunRaw(["--state-dir", stateDirectory, .. args]);

    /// <summary>Exactly these arguments, nothing added.</summary>
    public static CliResult RunRaw(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        if (!File.Exists(Dll))
            throw new InvalidOperationException($"{Dll} is missing; build the CLI first");
        var start = new ProcessStartInfo(Host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (string a in args)
            start.ArgumentList.Add(a);
        start.Environment.Remove("TAPYARD_STATE_DIR");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tapyard {string.Join(' ', args)} did not finish in {limit.TotalSeconds:0} s");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
