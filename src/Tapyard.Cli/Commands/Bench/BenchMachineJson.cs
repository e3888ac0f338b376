using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>The "machine" object every benchmark's JSON carries, so figures say where they were taken.</summary>
internal static class BenchMachineJson
{
    public static JsonObject Describe() => new()
    {
        { "kernel", File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : null },
        { "cpus", Environment.ProcessorCount },
        { "dotnet", Environment.Version.ToString() },
    };
}
