using System.Globalization;
using Tapyard.Bench.Vlan;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`tapyard bench vlan`: runs <see cref="VlanBenchmark"/> and prints its figures.</summary>
internal sealed class BenchVlanCommand : Command
{
    private static readonly OptionSpec Seconds = OptionSpec.Value("seconds", "N", "length of each iperf3 run (default 5)");
    private static readonly OptionSpec Rounds = OptionSpec.Value("rounds", "N", "iperf3 runs per path, alternating (default 4)");
    private static readonly OptionSpec Echoes = OptionSpec.Value("echoes", "N", "UDP round trips per path (default 2000)");
    private static readonly OptionSpec Json = OptionSpec.Flag("json", "print the figures as one JSON object (same as --output json)");

    public override string Path => "bench vlan";
    public override string Summary => "what a VLAN costs: throughput and round trip through Tapyard's tc-bpf sub-interfaces against the untagged path";

    public override string Description =>
        """
        Two fresh namespaces joined by a veth. Untagged path: a macvlan on one side's eth0 (as a
        guest's macvtap sits on its link) to the other side's eth0. VLAN path: a macvlan on eth0.10
        to the other side's eth0.10, both Tapyard sub-interfaces (veth pairs whose eBPF tc programs
        tag and untag: this kernel has no 802.1Q), so every frame is tagged and untagged once.
        Alternating paths round by round: iperf3 TCP throughput (median), UDP echo round trips
        (median), and the time to make and delete one sub-interface. The reference is the untagged
        path on the same devices in the same run. Needs root and iperf3.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Seconds, Rounds, Echoes, Json, ListOptions.Output];

    public override int Run(CommandContext context)
    {
        int seconds = context.Arguments.Int(Seconds.Name, 5, 1, 600);
        int rounds = context.Arguments.Int(Rounds.Name, 4, 1, 100);
        int echoes = context.Arguments.Int(Echoes.Name, 2000, 10, 1_000_000);
        bool json = context.Arguments.Has(Json.Name) || ListOptions.Format(context.Arguments) == OutputFormat.Json;
        var r = VlanBenchmark.Run(seconds, rounds, echoes, context.Error, context.Cancellation);
        if (json)
        {
            context.Output.WriteLine(JsonText.Serialize(new JsonObject
            {
                { "seconds", seconds }, { "rounds", rounds }, { "echoes", echoes },
                { "untagged_mbit_s", Round(r.Untagged.ThroughputMbits) }, { "vlan_mbit_s", Round(r.Tagged.ThroughputMbits) },
                { "throughput_ratio", Round(r.ThroughputRatio) },
                { "untagged_rtt_us", Round(r.Untagged.RoundTripMicroseconds) }, { "vlan_rtt_us", Round(r.Tagged.RoundTripMicroseconds) },
                { "rtt_ratio", Round(r.RoundTripRatio) },
                { "sub_interface_create_ms", Round(r.CreateMilliseconds) }, { "sub_interface_delete_ms", Round(r.DeleteMilliseconds) },
                { "create_delete_runs", r.CreateDeleteRuns },
            }));
            return ExitCodes.Success;
        }
        var o = context.Output;
        o.WriteLine(F($"{"",-28}{"untagged",12}{"vlan 10",12}{"vlan/untagged",16}"));
        o.WriteLine(F($"{"TCP throughput (Mbit/s)",-28}{r.Untagged.ThroughputMbits,12:F0}{r.Tagged.ThroughputMbits,12:F0}{r.ThroughputRatio,16:F2}"));
        o.WriteLine(F($"{"UDP round trip (µs)",-28}{r.Untagged.RoundTripMicroseconds,12:F1}{r.Tagged.RoundTripMicroseconds,12:F1}{r.RoundTripRatio,16:F2}"));
        o.WriteLine(F($"sub-interface: create {r.CreateMilliseconds:F2} ms, delete {r.DeleteMilliseconds:F2} ms (medians of {r.CreateDeleteRuns})"));
        return ExitCodes.Success;
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
