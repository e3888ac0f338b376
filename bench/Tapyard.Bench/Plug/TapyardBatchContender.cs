namespace Tapyard.Bench.Plug;

/// <summary>Tapyard's bulk path: every create in batched netlink sends, every delete paying the RCU wait once.</summary>
internal sealed class TapyardBatchContender : IPlugContender
{
    public string Tool => PlugTools.Tapyard;

    public Measurement Plug(PlugLab lab, IReadOnlyList<BenchDevice> devices)
    {
        var specs = devices.Select(lab.Spec).ToList();
        return Timing.Batch(Tool, PlugPhases.CreateOpenUp, devices.Count, () =>
        {
            lab.Netlink.Links.CreateMany(specs);
            lab.OpenQueues(devices);
        });
    }

    public Measurement? Unplug(PlugLab lab, IReadOnlyList<BenchDevice> devices)
    {
        var indexes = devices.Select(d => d.Index).ToList();
        return Timing.Batch(Tool, PlugPhases.Teardown, devices.Count, () =>
        {
            lab.Netlink.Links.DeleteMany(indexes);
        });
    }
}
