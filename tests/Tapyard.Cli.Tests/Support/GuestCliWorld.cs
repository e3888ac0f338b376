using Tapyard.Lab.Guest;

namespace Tapyard.Cli.Tests.Support;

/// <summary>
/// The world of the CLI tests that boot a real guest: a node namespace "n1" with uplink eth0 on a
/// switch, a cluster in a temp state directory with network "net" (198.51.100.0/24) connected in
/// macvtap bridge mode, a runtime directory, and the in-process `tapyard` bound to them.
/// </summary>
internal sealed class GuestCliWorld : IDisposable
{
    private readonly TempStateDirectory _state = new();

    public GuestCliWorld(string purpose)
    {
        // The guest image ./tapyard builds into the repository's .cache (a plain `dotnet test` shares it).
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(GuestImage.CacheDirectoryVariable)))
            Environment.SetEnvironmentVariable(GuestImage.CacheDirectoryVariable, RepoRoot.CacheDirectory);
        Lab = SwitchedNode.Create(purpose);
        try
        {
            Lab.AddUplink("eth0");
            RunDirectory = Path.Combine(_state.Path, "run");
            Ok("cluster", "init");
            Ok("node", "add", "--netns", Lab.Node.Name, "n1");
            Ok("network", "add", "--network", "198.51.100.0/24", "--gateway", "198.51.100.1", "net");
            Ok("network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=bridge", "net", "default");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public SwitchedNode Lab { get; }

    public string RunDirectory { get; } = "";

    public CliResult Tapyard(params string[] args) => TapyardCli.Run(["--state-dir", _state.Path, .. args]);

    /// <summary>Runs and fails the test (showing what was printed) unless the command succeeded; its stdout.</summary>
    public string Ok(params string[] args)
    {
        var result = Tapyard(args);
        Assert.True(result.ExitCode == 0, $"tapyard {string.Join(' ', args)}\n{result}");
        return result.Output;
    }

    /// <summary>The instance's status as `instance list` shows it.</summary>
    public string Status(string instance) =>
        Ok("instance", "list", "-o", "status", "--no-headers", "--run-dir", RunDirectory, instance).Trim();

    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(500);
        }
    }

    public void Dispose()
    {
        Lab.Dispose();
        _state.Dispose();
    }
}
