namespace Tapyard.Bench.Xml;

public sealed record XmlBenchmarkOptions
{
    public const int MaximumNics = 32;

    public int Nics { get; init; } = 8;
    /// <summary>Warm in-process renders timed one by one.</summary>
    public int Iterations { get; init; } = 1000;
    /// <summary>Timed runs of each process (after one untimed run).</summary>
    public int ProcessRuns { get; init; } = 5;
    /// <summary>The tapyard to run: a program, or ["dotnet", "…/tapyard.dll"]. Empty: no process figures.</summary>
    public IReadOnlyList<string> Cli { get; init; } = [];
}
