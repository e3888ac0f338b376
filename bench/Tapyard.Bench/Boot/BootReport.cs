using Tapyard.Bench.Support;

namespace Tapyard.Bench.Boot;

/// <summary>The same number of boots on the direct QEMU driver and on the libvirt driver, in one run, alternating.</summary>
public sealed record BootReport(int Rounds, string Accelerator, IReadOnlyList<BootSample> Qemu, IReadOnlyList<BootSample> Libvirt)
{
    public static double MedianStart(IReadOnlyList<BootSample> samples) => Statistics.Median(samples.Select(s => s.StartSeconds).ToList());

    public static double MedianFirstPing(IReadOnlyList<BootSample> samples) => Statistics.Median(samples.Select(s => s.FirstPingSeconds).ToList());
}
