using Tapyard.Bench.Boot;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`bench boot --json`: medians per driver, libvirt's extra, every sample, and the machine.</summary>
internal static class BootReportJson
{
    public static JsonObject From(BootReport r) => new()
    {
        { "rounds", r.Rounds }, { "accelerator", r.Accelerator }, { "machine", BenchMachineJson.Describe() },
        { "qemu", Driver(r.Qemu) }, { "libvirt", Driver(r.Libvirt) },
        { "libvirt_minus_qemu", new JsonObject
            {
                { "start_s", Round(BootReport.MedianStart(r.Libvirt) - BootReport.MedianStart(r.Qemu)) },
                { "first_ping_s", Round(BootReport.MedianFirstPing(r.Libvirt) - BootReport.MedianFirstPing(r.Qemu)) },
            } },
    };

    private static JsonObject Driver(IReadOnlyList<BootSample> samples) => new()
    {
        { "start_s_median", Round(BootReport.MedianStart(samples)) },
        { "first_ping_s_median", Round(BootReport.MedianFirstPing(samples)) },
        { "samples", samples.Select(s => new JsonObject
            {
                { "round", s.Round }, { "went_first", s.WentFirst }, { "start_s", Round(s.StartSeconds) }, { "first_ping_s", Round(s.FirstPingSeconds) },
            }).ToList() },
    };

    private static double Round(double seconds) => Math.Round(seconds, 3);
}
