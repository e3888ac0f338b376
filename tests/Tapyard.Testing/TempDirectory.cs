namespace Tapyard.Testing;

/// <summary>A fresh directory under the system temp dir, removed on dispose (tests' state and runtime dirs instead of /var/lib/tapyard and /run/tapyard).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tapyard-{purpose}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
