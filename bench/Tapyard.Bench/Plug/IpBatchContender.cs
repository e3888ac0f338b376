using Tapyard.Bench.Support;

namespace Tapyard.Bench.Plug;

/// <summary>iproute2 at its fastest: one `ip -batch` file of `link add ... up` lines, one of `link del` lines.</summary>
internal sealed class IpBatchContender : IPlugContender
{
    public string Tool => PlugTools.IpBatch;

    public Measurement Plug(PlugLab lab, IReadOnlyList<BenchDevice> devices) =>
        RunBatch(lab, PlugPhases.CreateOpenUp, devices.Select(d => string.Join(' ', lab.IpAddArguments(d))), after: () =>
lab.OpenQueues(devices));

    public Measurement? Unplug(PlugLab lab, IReadOnlyList<BenchDevice> devices) =>
        RunBatch(lab, PlugPhases.Teardown, devices.Select(d => $"link del dev {d.Name}"));

    private Measurement RunBatch(PlugLab lab, string phase, IEnumerable<string> lines, Action? after = null)
    {
        var commands = lines.ToList();
        // The file is written before the clock starts: a script would have it ready too.
        string file = Path.Combine(Path.GetTempPath(), $"tapyard-bench-{lab.Namespace}-{phase}.ip");
        File.WriteAllLines(file, commands);
        try
        {
            return Timing.Batch(Tool, phase, commands.Count, () =>
            {
                IpCommand.Run("-n", lab.Namespace, "-batch", file);
                after?.Invoke();
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
