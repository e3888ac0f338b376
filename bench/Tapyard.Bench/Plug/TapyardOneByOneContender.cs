namespace Tapyard.Bench.Plug;

/// <summary>
/// Tapyard one netlink request per device, as a node plugs a single NIC (hot-plug). Its teardown is
/// the same bulk delete as <see cref="TapyardBatchContender"/>, so it is not reported twice.
/// </summary>
internal sealed class TapyardOneByOneContender : IPlugContender
{
    public string Tool => PlugTools.TapyardOneByOne;

    public Measurement Plug(PlugLab lab, IReadOnlyList<BenchDevice> devices) =>
        Timing.EachDevice(Tool, PlugPhases.CreateOpenUp, devices, lab.Cancellation, device =>
        {
            lab.Netlink.Links.Create(lab.Spec(device));
            lab.OpenQueue(device);
        });

    public Measurement? Unplug(PlugLab lab, IReadOnlyList<BenchDevice> devices)
    {
        lab.Netlink.Links.DeleteMany(devices.Select(d => d.Index).ToList());
        return null;
    }
}
