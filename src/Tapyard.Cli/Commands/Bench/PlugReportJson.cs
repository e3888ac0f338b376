using Tapyard.Bench.Plug;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>
/// The JSON of a plug report: flat keys "tool.phase.per_device_us" (and ".statistic", ".total_ms"),
/// "ratio.phase.a_over_b", and a "targets" array. Keys are a contract for scripts; keep them stable.
/// </summary>
internal static class PlugReportJson
{
    public static JsonObject From(PlugReport report)
    {
        var json = new JsonObject
        {
            { "count", report.Count },
            { "namespace", report.Namespace },
            { "queue_fds_opened", report.QueueFdsOpened },
            { "create_phase", report.CreatePhase },
            { "machine", BenchMachineJson.Describe() },
        };
        foreach (var m in report.Measurements)
        {
            json.Add($"{m.Key}.per_device_us", m.PerDeviceMicroseconds);
            json.Add($"{m.Key}.statistic", m.Statistic);
            json.Add($"{m.Key}.total_ms", m.TotalMilliseconds);
        }
        foreach (var ratio in report.Ratios)
            json.Add($"ratio.{ratio.Name}", ratio.Value);
        json.Add("targets", report.Ratios.Where(r => r.HasTarget).Select(r => new JsonObject
        {
            { "ratio", r.Name },
            { "description", r.Description },
            { "target", r.TargetText },
            { "value", r.Value },
            { "met", r.Met },
        }).ToList());
        return json;
    }
}
