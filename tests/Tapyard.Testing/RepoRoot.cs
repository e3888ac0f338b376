namespace Tapyard.Testing;

/// <summary>
/// The repository the tests run from (the directory holding Tapyard.slnx), and its git-ignored .cache
/// where the guest image is built once and reused by every test run (as ./tapyard does).
/// </summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string CacheDirectory => System.IO.Path.Combine(Path, ".cache");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tapyard.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Tapyard.slnx above {AppContext.BaseDirectory}: run the tests from the repository");
    }
}
