using System.Globalization;
using Tapyard.Bench.Xml;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`tapyard bench xml`: runs <see cref="XmlBenchmark"/> and prints its figures.</summary>
internal sealed class BenchXmlCommand : Command
{
    private static readonly OptionSpec Nics = OptionSpec.Value("nics", "N", $"NICs of the instance (default 8, at most {XmlBenchmarkOptions.MaximumNics})", 'n');
    private static readonly OptionSpec Iterations = OptionSpec.Value("iterations", "N", "warm in-process renders timed (default 1000)", 'i');
    private static readonly OptionSpec Runs = OptionSpec.Value("runs", "N", "timed runs of each process (default 5)");
    private static readonly OptionSpec Cli = OptionSpec.Value("cli", "PATH", "the tapyard to time, a program or a tapyard.dll run with dotnet (default: the repository's ./tapyard, else this one via dotnet)");
    private static readonly OptionSpec Json = OptionSpec.Flag("json", "print the figures as one JSON object (same as --output json)");

    public override string Path => "bench xml";
    public override string Summary => "time `instance xml` for an instance with N NICs in every mode: in process and as a whole process";

    public override string Description =>
        """
        In a temporary state directory: a cluster with node n1 and one instance with N NICs over the
        modes (macvtap in bridge, vepa, private with a VLAN and passthru;
        bridged on two bridges; openvswitch with VLAN tags; bw_in/bw_out on some; routed NICs are left out, their XML
        needs the node's runtime records). Times InstanceXml.Render in process (the first call cold,
        JIT included; then the median of warm calls) and the whole `tapyard instance xml NAME`
        process (median wall and CPU time after one untimed run) beside `tapyard --help` (start-up only). Reference: one `virsh -c
        test:///default` process defining the same XML and dumping it again (libvirt's test driver,
        no daemon), beside a virsh that only connects.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Nics, Iterations, Runs, Cli, Json, ListOptions.Output];

    public override int Run(CommandContext context)
    {
        var options = new XmlBenchmarkOptions
        {
            Nics = context.Arguments.Int(Nics.Name, 8, 1, XmlBenchmarkOptions.MaximumNics),
            Iterations = context.Arguments.Int(Iterations.Name, 1000, 1, 1_000_000),
            ProcessRuns = context.Arguments.Int(Runs.Name, 5, 1, 1000),
            Cli = context.Arguments.Value(Cli.Name) is { } path ? BenchCli.At(System.IO.Path.GetFullPath(path)) : BenchCli.Default(),
        };
        bool json = context.Arguments.Has(Json.Name) || ListOptions.Format(context.Arguments) == OutputFormat.Json;
        var r = XmlBenchmark.Run(options, context.Error, context.Cancellation);
        if (json)
        {
            context.Output.WriteLine(JsonText.Serialize(XmlReportJson.From(r)));
            return ExitCodes.Success;
        }
        var o = context.Output;
        o.WriteLine(F($"instance xml for an instance with {r.Nics} NICs ({r.XmlBytes} bytes of XML)"));
        o.WriteLine(F($"{"in process, first call (cold)",-44}{r.ColdMs,10:F2} ms"));
        o.WriteLine(F($"{"in process, warm (median of " + r.Iterations + ")",-44}{r.WarmUs,10:F1} µs"));
        if (r.CliWallMs is { } wall)
            o.WriteLine(F($"{"`tapyard instance xml` process (median of " + r.ProcessRuns + ")",-44}{wall,10:F1} ms wall, {r.CliCpuMs:F1} ms CPU"));
        if (r.CliHelpMs is { } help)
            o.WriteLine(F($"{"`tapyard --help` process (start-up only)",-44}{help,10:F1} ms wall"));
        if (r.VirshDefineDumpMs is { } roundTrip)
        {
            o.WriteLine(F($"{"virsh test:///default define + dumpxml",-44}{roundTrip,10:F1} ms wall"));
            o.WriteLine(F($"{"virsh test:///default, connect only",-44}{r.VirshFloorMs,10:F1} ms wall"));
        }
        else
            o.WriteLine($"no virsh reference: {r.VirshError}");
        return ExitCodes.Success;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
