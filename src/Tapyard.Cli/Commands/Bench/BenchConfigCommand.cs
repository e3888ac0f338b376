using Tapyard.Bench.Config;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`tapyard bench config`: runs <see cref="ConfigBenchmark"/> and prints its figures.</summary>
internal sealed class BenchConfigCommand : Command
{
    private static readonly OptionSpec Instances = OptionSpec.Value("instances", "N", "how many instances the /16 gets (default 10000)", 'n');
    private static readonly OptionSpec Allocations = OptionSpec.Value("allocations", "N", "how many addresses of the /8 are allocated (default 100000)");
    private static readonly OptionSpec Runs = OptionSpec.Value("runs", "N", "timed runs of each CLI process (default 5, after one untimed)");
    private static readonly OptionSpec Cli = OptionSpec.Value("cli", "PATH", "the tapyard to time, a program or a tapyard.dll run with dotnet (default: the repository's ./tapyard, else this one via dotnet)");
    private static readonly OptionSpec Keep = OptionSpec.Flag("keep", "keep the state directory (its path goes to stderr) to rerun commands on it");
    private static readonly OptionSpec Json = OptionSpec.Flag("json", "print the figures as one JSON object (same as --output json)");

    public override string Path => "bench config";
    public override string Summary => "time the cluster model and the config store at 10,000 instances and a /8 network";

    public override string Description =>
        """
        In a temporary state directory: cluster init, a node, a /16 network connected with
        mode=macvtap, and N instances with one NIC each, ip=pool. Measures:
          instance_add.model      median in-process instance add, model only (N - 20 adds, one commit)
          instance_add.committed  median in-process instance add committed through the file store
                                  (load, add, write, fsync, rename) for the last 20 instances
          load.warm, state.warm   loading config.json and building ClusterState in a warm process
          cli.*                   wall time of `network info`, `network list`, `instance list`
                                  processes on that state (median of --runs, after one untimed run);
                                  cli.*.cpu their CPU time, which a busy machine inflates far less;
                                  cli.help and cli.group_list: the floors (start; start + load)
          network_add_8           network add of a /8, committed
          allocate_8 / _16        FirstFree + Reserve (what ip=pool does) on the /8's first
                                  --allocations addresses and on the /16's free part: cost per address
        Targets: `network info` under 150 ms per process; a /8 allocation at most 2x a /16 one.
        Progress goes to stderr, the figures to stdout. The state directory is deleted at the end
        unless --keep is given.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Instances, Allocations, Runs, Cli, Keep, Json, ListOptions.Output];

    public override int Run(CommandContext context)
    {
        var options = new ConfigBenchmarkOptions
        {
            Instances = context.Arguments.Int(Instances.Name, 10_000, 1, 60_000),
            Allocations = context.Arguments.Int(Allocations.Name, 100_000, 1, 16_000_000),
            CliRuns = context.Arguments.Int(Runs.Name, 5, 1, 1000),
            KeepState = context.Arguments.Has(Keep.Name),
            Cli = context.Arguments.Value(Cli.Name) is { } path ? BenchCli.At(System.IO.Path.GetFullPath(path)) : BenchCli.Default(),
        };
        bool json = context.Arguments.Has(Json.Name) || ListOptions.Format(context.Arguments) == OutputFormat.Json;
        var report = ConfigBenchmark.Run(options, context.Error, context.Cancellation);
        if (json)
            context.Output.WriteLine(JsonText.Serialize(ConfigReportJson.From(report)));
        else
            ConfigReportTable.Write(context.Output, report);
        return ExitCodes.Success;
    }
}
