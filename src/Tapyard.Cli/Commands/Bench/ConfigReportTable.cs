using Tapyard.Bench.Config;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>The config report for people: one table of figures, one of targets.</summary>
internal static class ConfigReportTable
{
    private static readonly IReadOnlyList<Field<ConfigFigure>> FigureFields =
    [
        new("figure", "Figure", f => f.Key),
        new("value", "Value", f => f.Value) { Numeric = true, Text = f => f.Value.ToString(f.Value < 10 ? "F2" : "F1") },
        new("unit", "Unit", f => f.Unit),
        new("statistic", "Statistic", f => f.Statistic),
        new("samples", "Samples", f => f.Samples) { Numeric = true },
        new("description", "Description", f => f.Description),
    ];

    private static readonly IReadOnlyList<Field<ConfigTarget>> TargetFields =
    [
        new("target", "Target", t => t.Name),
        new("value", "Value", t => t.Value) { Numeric = true, Text = t => t.Value.ToString("F2") },
        new("at_most", "AtMost", t => t.AtMost) { Numeric = true },
        new("met", "Met", t => t.Met) { Text = t => t.Met ? "yes" : "NO" },
    ];

    public static void Write(TextWriter writer, ConfigReport report)
    {
        writer.WriteLine($"{report.Instances} instances on a /16 (config.json {report.ConfigBytes / 1024} KiB); " +
            $"{report.Allocations} allocations on a /8; CLI: {report.CliCommand}");
        writer.WriteLine();
        ListPrinter.WriteTable(writer, report.Figures, FigureFields);
        writer.WriteLine();
        ListPrinter.WriteTable(writer, report.Targets, TargetFields);
        foreach (string missing in report.Unavailable)
            writer.WriteLine($"not measured: {missing}");
    }
}
