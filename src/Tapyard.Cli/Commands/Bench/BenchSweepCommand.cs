using System.Globalization;
using Tapyard.Bench.Sweep;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`tapyard bench sweep`: runs <see cref="SweepBenchmark"/> and prints its figures.</summary>
internal sealed class BenchSweepCommand : Command
{
    private static readonly OptionSpec Count = OptionSpec.Value("count", "N", "devices in the namespace, half of them orphans (default 2000)", 'c');
    private static readonly OptionSpec Reference = OptionSpec.Value("reference", "M",
        $"orphans deleted one by one with ip for the reference (default {SweepBenchmark.DefaultReferenceCount}; the rest is projected from the median)");
    private static readonly OptionSpec Json = OptionSpec.Flag("json", "print the figures as one JSON object (same as --output json)");

    public override string Path => "bench sweep";
    public override string Summary => "time node verify and verify --fix on N devices (half orphans) against ip link del one by one";

    public override string Description =>
        $"""
        In a fresh namespace: N/2 vtap* macvtaps without records (Tapyard orphans) and N/2 other
        devices (macvtaps with other names, veth pairs), an empty runtime directory. Times the
        in-process NodeVerifier (median of several runs), then one verify --fix (one bulk delete),
        then makes M of the orphans again and deletes them with one `ip link del` process each.
        One-by-one deletes cost ~16-24 ms each (an RCU grace period per device), so by default only
        {SweepBenchmark.DefaultReferenceCount} are deleted and the cost of all orphans is median x N/2; --reference N/2 measures all.
        Targets: verify under {SweepReport.VerifyTargetMilliseconds} ms; fix at least {SweepReport.FixSpeedupTarget}x faster than one by one.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Count, Reference, Json, ListOptions.Output];

    public override int Run(CommandContext context)
    {
        int count = context.Arguments.Int(Count.Name, 2000, 4, SweepBenchmark.MaximumCount);
        int reference = context.Arguments.Int(Reference.Name, SweepBenchmark.DefaultReferenceCount, 1, SweepBenchmark.MaximumCount);
        bool json = context.Arguments.Has(Json.Name) || ListOptions.Format(context.Arguments) == OutputFormat.Json;
        var r = SweepBenchmark.Run(count, reference, context.Error, context.Cancellation);
        if (json)
        {
            context.Output.WriteLine(JsonText.Serialize(new JsonObject
            {
                { "devices", r.Devices }, { "orphans", r.Orphans }, { "others", r.Others },
                { "verify_ms", Round(r.VerifyMilliseconds) }, { "verify_runs", r.VerifyRuns },
                { "fix_ms", Round(r.FixMilliseconds) },
                { "one_by_one_devices", r.OneByOneDevices }, { "one_by_one_median_ms", Round(r.OneByOneMedianMilliseconds) },
                { "one_by_one_total_ms", Round(r.OneByOneTotalMilliseconds) },
                { "one_by_one_all_orphans_ms", Round(r.OneByOneAllOrphansMilliseconds) }, { "one_by_one_projected", r.OneByOneProjected },
                { "fix_speedup", Round(r.FixSpeedup) },
                { "verify_target_met", r.VerifyMilliseconds < SweepReport.VerifyTargetMilliseconds },
                { "fix_target_met", r.FixSpeedup >= SweepReport.FixSpeedupTarget },
            }));
            return ExitCodes.Success;
        }
        var o = context.Output;
        o.WriteLine(F($"devices {r.Devices}: {r.Orphans} vtap orphans, {r.Others} others"));
        o.WriteLine(F($"node verify (in process)  {r.VerifyMilliseconds,9:F2} ms  median of {r.VerifyRuns}  target < {SweepReport.VerifyTargetMilliseconds} ms: {Met(r.VerifyMilliseconds < SweepReport.VerifyTargetMilliseconds)}"));
        o.WriteLine(F($"node verify --fix         {r.FixMilliseconds,9:F2} ms  {r.Orphans} orphans, one bulk delete"));
        o.WriteLine(F($"ip link del one by one    {r.OneByOneMedianMilliseconds,9:F2} ms each, {r.OneByOneDevices} in {r.OneByOneTotalMilliseconds:F0} ms"));
        o.WriteLine(F($"  all {r.Orphans} orphans       {r.OneByOneAllOrphansMilliseconds,9:F0} ms {(r.OneByOneProjected ? "(projected: median x orphans)" : "(measured)")}"));
        o.WriteLine(F($"fix speed-up              {r.FixSpeedup,9:F1}x  target >= {SweepReport.FixSpeedupTarget}x: {Met(r.FixSpeedup >= SweepReport.FixSpeedupTarget)}"));
        return ExitCodes.Success;
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static string Met(bool met) => met ? "met" : "MISSED";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
