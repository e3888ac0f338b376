using Tapyard.Bench.Plug;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>The plug report for people: one table of figures, one of ratios against their targets.</summary>
internal static class PlugReportTable
{
    private static readonly IReadOnlyList<Field<Measurement>> MeasurementFields =
    [
        new("tool", "Tool", m => m.Tool),
        new("phase", "Phase", m => m.Phase),
        new("per_device_us", "PerDevice(us)", m => m.PerDeviceMicroseconds) { Numeric = true, Text = m => m.PerDeviceMicroseconds.ToString("F1") },
        new("statistic", "Statistic", m => m.Statistic),
        new("total_ms", "Total(ms)", m => m.TotalMilliseconds) { Numeric = true, Text = m => m.TotalMilliseconds.ToString("F1") },
    ];

    private static readonly IReadOnlyList<Field<PlugRatio>> RatioFields =
    [
        new("ratio", "Ratio", r => r.Name),
        new("value", "Value", r => r.Value) { Numeric = true, Text = r => r.Value.ToString("F2") },
        new("target", "Target", r => r.TargetText),
        new("met", "Met", r => r.Met) { Text = r => r.Met switch { true => "yes", false => "NO", null => "-" } },
    ];

    public static void Write(TextWriter writer, PlugReport report)
    {
        writer.WriteLine($"{report.Count} macvtaps per contender; phase {report.CreatePhase}" +
            (report.QueueFdsOpened ? " (one queue fd opened per device)" : " (no queue fd opened)"));
        writer.WriteLine();
        ListPrinter.WriteTable(writer, report.Measurements, MeasurementFields);
        writer.WriteLine();
        ListPrinter.WriteTable(writer, report.Ratios, RatioFields);
    }
}
