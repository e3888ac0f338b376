using Tapyard.Bench.Support;

namespace Tapyard.Bench.Plug;

/// <summary>The shell-script way: one `ip -n NS link add ... up` process per device, one `ip link del` each.</summary>
internal sealed class IpProcessContender : IPlugContender
{
    public string Tool => PlugTools.Ip;

    public Measurement Plug(PlugLab lab, IReadOnlyList<BenchDevice> devices) =>
        Timing.EachDevice(Tool, PlugPhases.CreateOpenUp, devices, lab.Cancellation,
            device =>
            {
                IpCommand.Run(["-n", lab.Namespace, .. lab.IpAddArguments(device)]);
                lab.OpenQueue(device);
            });

    public Measurement? Unplug(PlugLab lab, IReadOnlyList<BenchDevice> devices)
    {
        return Timing.EachDevice(Tool, PlugPhases.Teardown, devices, lab.Cancellation,
            device => IpCommand.Run("-n", lab.Namespace, "link", "del", "dev", device.Name));
    }
}
