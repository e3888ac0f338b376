using Tapyard.Bench.Support;

namespace Tapyard.Bench.Plug;

/// <summary>
/// The common script: `ip link add ...` then `ip link set DEV up`, two processes per device. Its
/// teardown is the same as <see cref="IpProcessContender"/>'s, so it is cleared in bulk, not timed.
/// </summary>
internal sealed class IpAddThenUpContender : IPlugContender
{
    public string Tool => PlugTools.IpAddThenUp;

    public Measurement Plug(PlugLab lab, IReadOnlyList<BenchDevice> devices) =>
        Timing.EachDevice(Tool, PlugPhases.CreateOpenUp, devices, lab.Cancellation, device =>
        {
            IpCommand.Run(["-n", lab.Namespace, .. lab.IpAddArguments(device, up: false)]);
            IpCommand.Run("-n", lab.Namespace, "link", "set", "dev", device.Name, "up");
            lab.OpenQueue(device);
        });

    public Measurement? Unplug(PlugLab lab, IReadOnlyList<BenchDevice> devices)
    {
        lab.Netlink.Links.DeleteMany(devices.Select(d => d.Index).ToList());
        return null;
    }
}
