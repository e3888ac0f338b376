using System.Globalization;
using Tapyard.Bench.Migrate;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`tapyard bench migrate`: runs <see cref="MigrateBenchmark"/> and prints Tapyard's migrations beside the hand-driven ones.</summary>
internal sealed class BenchMigrateCommand : Command
{
    private static readonly OptionSpec Count = OptionSpec.Value("count", "N", $"migrations per side, back and forth between the nodes (default {MigrateBenchmark.DefaultCount})", 'c');
    private static readonly OptionSpec Json = OptionSpec.Flag("json", "print the figures as one JSON object (same as --output json)");

    public override string Path => "bench migrate";
    public override string Summary => "live-migrate a guest between lab nodes N times through Tapyard and N times by hand (plain QEMU + ip), same run";

    public override string Description =>
        """
        Builds a two-node lab (removed at the end) with two guests on node 1: a Tapyard instance
        on a macvtap (bridge mode) and a guest started by hand (ip link add ... type macvtap, the
        /dev/tapN fd checked against the node's major:minor, plain qemu-system-x86_64). Each round
        moves the Tapyard guest to the other node with `instance migrate`'s code, then the hand
        guest with plain QMP (migrate-incoming/migrate, poll query-migrate, RESUME, ip link set up),
        each while the outside host pings it every 20 ms. Reports QEMU's total time and downtime
        (query-migrate on the source), the whole operation's wall time, pings lost and the longest
        outage. Target: Tapyard no worse than by hand. Needs root, QEMU and the guest image.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Count, Json, ListOptions.Output];

    public override int Run(CommandContext context)
    {
        int count = context.Arguments.Int(Count.Name, MigrateBenchmark.DefaultCount, 1, MigrateBenchmark.MaximumCount);
        bool json = context.Arguments.Has(Json.Name) || ListOptions.Format(context.Arguments) == OutputFormat.Json;
        var r = MigrateBenchmark.Run(count, context.Error, context.Cancellation);
        if (json)
        {
            context.Output.WriteLine(JsonText.Serialize(new JsonObject
            {
                { "migrations_per_side", r.Count }, { "accelerator", r.Accelerator }, { "machine", BenchMachineJson.Describe() },
                { "tapyard", Side(r.Tapyard) }, { "by_hand", Side(r.ByHand) },
                { "target_met", TargetMet(r) },
            }));
            return ExitCodes.Success;
        }
        var o = context.Output;
        o.WriteLine(F($"{r.Count} live migrations per side, back and forth between 2 lab nodes ({r.Accelerator}), 256 MiB guest, pings every 20 ms"));
        o.WriteLine(F($"{"",-28}{"Tapyard",14}{"by hand",14}"));
        Row(o, "total time, median (ms)", r, s => s.TotalMs);
        Row(o, "downtime, median (ms)", r, s => s.DowntimeMs);
        Row(o, "whole operation, median (ms)", r, s => s.ElapsedMs);
        Row(o, "longest outage, median (ms)", r, s => s.LongestOutageMs);
        o.WriteLine(F($"{"pings lost / sent",-28}{$"{MigrateReport.LostOf(r.Tapyard)}/{MigrateReport.SentOf(r.Tapyard)}",14}{$"{MigrateReport.LostOf(r.ByHand)}/{MigrateReport.SentOf(r.ByHand)}",14}"));
        o.WriteLine($"target (Tapyard no worse than by hand in downtime and ping loss): {(TargetMet(r) ? "met" : "MISSED")}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// No worse: median downtime within 20% or 10 ms of the hand-driven one, and no more pings lost in
    /// total than by hand plus one per migration (one 20 ms ping fits into any cut-over under TCG).
    /// </summary>
    private static bool TargetMet(MigrateReport r)
    {
        double ours = MigrateReport.MedianOf(r.Tapyard, s => s.DowntimeMs), theirs = MigrateReport.MedianOf(r.ByHand, s => s.DowntimeMs);
        return ours <= Math.Max(theirs * 1.2, theirs + 10) && MigrateReport.LostOf(r.Tapyard) <= MigrateReport.LostOf(r.ByHand) + r.Count;
    }

    private static void Row(TextWriter o, string label, MigrateReport r, Func<MigrationSample, double> value) =>
        o.WriteLine(F($"{label,-28}{MigrateReport.MedianOf(r.Tapyard, value),14:F0}{MigrateReport.MedianOf(r.ByHand, value),14:F0}"));

    private static JsonObject Side(IReadOnlyList<MigrationSample> samples) => new()
    {
        { "total_ms_median", Math.Round(MigrateReport.MedianOf(samples, s => s.TotalMs), 1) },
        { "downtime_ms_median", Math.Round(MigrateReport.MedianOf(samples, s => s.DowntimeMs), 1) },
        { "elapsed_ms_median", Math.Round(MigrateReport.MedianOf(samples, s => s.ElapsedMs), 1) },
        { "longest_outage_ms_median", Math.Round(MigrateReport.MedianOf(samples, s => s.LongestOutageMs), 1) },
        { "pings_sent", MigrateReport.SentOf(samples) }, { "pings_lost", MigrateReport.LostOf(samples) },
        { "samples", samples.Select(s => new JsonObject
            {
                { "from", s.From }, { "to", s.To }, { "total_ms", s.TotalMs }, { "downtime_ms", s.DowntimeMs }, { "elapsed_ms", Math.Round(s.ElapsedMs, 1) },
                { "pings_sent", s.PingsSent }, { "pings_lost", s.PingsLost }, { "longest_outage_ms", Math.Round(s.LongestOutageMs, 1) },
            }).ToList() },
    };

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
