namespace Tapyard.Cli.Commands.Bench;

/// <summary>Which tapyard a benchmark runs as a whole process (`--cli PATH`, else what a user runs).</summary>
internal static class BenchCli
{
    public static IReadOnlyList<string> At(string path) =>
        path.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", path] : [path];

    /// <summary>The repository's ./tapyard wrapper (what a user runs) when this build lives in a checkout; else this assembly via dotnet.</summary>
    public static IReadOnlyList<string> Default()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string wrapper = Path.Combine(directory.FullName, "tapyard");
            if (File.Exists(wrapper) && File.Exists(Path.Combine(directory.FullName, "Tapyard.slnx")))
                return [wrapper];
        }
        return ["dotnet", typeof(BenchCli).Assembly.Location];
    }
}
