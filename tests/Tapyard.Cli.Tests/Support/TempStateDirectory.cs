namespace Tapyard.Cli.Tests.Support;

/// <summary>A fresh state directory under /tmp, deleted on dispose, and a `tapyard` bound to it.</summary>
internal sealed class TempStateDirectory : IDisposable
{
    /// <param name="inMemory">
    /// Put it on /dev/shm (tmpfs, where fsync costs nothing) when that exists: for tests about
    /// locking and compare-and-swap across hundreds of commits, not about durability.
    /// </param>
    public TempStateDirectory(bool inMemory = false)
    {
        string root = inMemory && Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, $"ty-cli-state-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string ConfigPath => System.IO.Path.Combine(Path, "config.json");

    public CliResult Run(params string[] args) => TapyardProcess.Run(Path, args);

    /// <summary>Runs and fails the test (showing what was printed) unless the command succeeded.</summary>
    public string Ok(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, $"tapyard {string.Join(' ', args)}\n{result}");
        Assert.Equal("", result.Error);
        return result.Output;
    }

    public byte[] ConfigBytes() => File.ReadAllBytes(ConfigPath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
    }
}
