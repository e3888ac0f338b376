using Tapyard.Bench.Xml;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`bench xml --json`: one object; process figures are null when not measured. Keys are a contract for scripts.</summary>
internal static class XmlReportJson
{
    public static JsonObject From(XmlReport r) => new()
    {
        { "nics", r.Nics }, { "iterations", r.Iterations }, { "process_runs", r.ProcessRuns }, { "xml_bytes", r.XmlBytes },
        { "cli", r.Cli }, { "machine", BenchMachineJson.Describe() },
        { "render.cold_ms", Math.Round(r.ColdMs, 3) },
        { "render.warm_us_median", Math.Round(r.WarmUs, 2) },
        { "cli.instance_xml.wall_ms_median", Round(r.CliWallMs) },
        { "cli.instance_xml.cpu_ms_median", Round(r.CliCpuMs) },
        { "cli.help.wall_ms_median", Round(r.CliHelpMs) },
        { "virsh.connect_only.wall_ms_median", Round(r.VirshFloorMs) },
        { "virsh.define_dumpxml.wall_ms_median", Round(r.VirshDefineDumpMs) },
        { "virsh.error", r.VirshError },
    };

    private static double? Round(double? ms) => ms is { } v ? Math.Round(v, 2) : null;
}
