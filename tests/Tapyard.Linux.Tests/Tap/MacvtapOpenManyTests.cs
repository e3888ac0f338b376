using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

[Trait("Category", "Kernel")]
public sealed class MacvtapOpenManyTests
{
    [Fact]
    public void Queues_for_many_macvtaps_open_in_one_call_and_each_reaches_its_own_device()
    {
        using var lab = MacvtapLab.Create("many");
        var links = lab.Namespace.Netlink.Links;
        var names = Enumerable.Range(1, 5).Select(i => $"mvt{i}").ToList();
        foreach (var name in names)
            links.Create(new MacvlanLinkSpec { Name = name, Lower = MacvtapLab.Lower, Mode = MacvlanMode.Bridge, Up = true, DisableIpv6AddressGeneration = true });

        var sets = MacvtapQueues.OpenMany(lab.Namespace.Namespace, names, options: lab.Options);
        try
        {
            Assert.Equal(names, sets.Select(s => s.Device));
            using var wire = lab.OpenPeerSocket();
            for (int i = 0; i < names.Count; i++)
            {
                var located = MacvtapQueues.Locate(lab.Namespace.Namespace, names[i]);
                Assert.Equal(located.Number, DeviceNode.NumberOf(sets[i][0].Handle));
                var mac = links.Get(names[i]).Mac!.Value;
                wire.Send(EthernetFrame.Marked(mac, lab.PeerMac, $"to-{names[i]}"));
                Assert.NotNull(sets[i][0].WaitFor($"to-{names[i]}", QueueReading.Arrival));
            }
        }
        finally
        {
            TapQueue.CloseAll(sets.SelectMany(s => s).ToList());
        }
    }

    [Fact]
    public void One_missing_device_fails_the_whole_call_and_names_it()
    {
        using var lab = MacvtapLab.Create("manyerr");
        var error = Assert.Throws<LinkNotFoundException>(() =>
            MacvtapQueues.OpenMany(lab.Namespace.Namespace, [MacvtapLab.Macvtap, "absent7"], options: lab.Options));
        Assert.Contains("absent7", error.Message);
        // Every device is looked up before any fd is opened, so vtap0 was left untouched.
        using var again = lab.OpenQueues();
        Assert.Single(again);
    }
}
