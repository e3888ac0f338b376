using Tapyard.Bench.Config;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>
/// The JSON of a config report: flat keys "figure.value" with ".unit", ".statistic" and ".samples",
/// and a "targets" array. Keys are a contract for scripts; keep them stable.
/// </summary>
internal static class ConfigReportJson
{
    public static JsonObject From(ConfigReport report)
    {
        var json = new JsonObject
        {
            { "instances", report.Instances },
            { "allocations", report.Allocations },
            { "config_bytes", report.ConfigBytes },
            { "cli", report.CliCommand },
            { "machine", BenchMachineJson.Describe() },
        };
        foreach (var figure in report.Figures)
        {
            json.Add($"{figure.Key}.value", Math.Round(figure.Value, 3));
            json.Add($"{figure.Key}.unit", figure.Unit);
            json.Add($"{figure.Key}.statistic", figure.Statistic);
            json.Add($"{figure.Key}.samples", figure.Samples);
        }
        json.Add("targets", report.Targets.Select(t => new JsonObject
        {
            { "target", t.Name },
            { "description", t.Description },
            { "at_most", t.AtMost },
            { "value", Math.Round(t.Value, 3) },
            { "met", t.Met },
        }).ToList());
        json.Add("unavailable", report.Unavailable.ToList());
        return json;
    }
}
