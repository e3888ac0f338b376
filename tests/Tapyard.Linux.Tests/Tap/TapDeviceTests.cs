using System.Diagnostics;
using System.Text.Json;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

/// <summary>Tap devices made through /dev/net/tun inside a namespace, checked with `ip -d -j link show`.</summary>
[Trait("Category", "Kernel")]
public sealed class TapDeviceTests
{
    private static readonly MacAddress Sender = MacAddress.Parse("52:54:00:7a:00:01");

    [Fact]
    public void A_persistent_multi_queue_tap_outlives_its_queues_and_takes_new_ones()
    {
        using var ns = TestNamespace.Create("tunp");
        const int Index = 4711;
        using (var queues = TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "gtap0", Index = Index, Persistent = true, Queues = 3 }))
        {
            Assert.Equal("gtap0", queues.Device);
            Assert.Equal(3, queues.Count);
            Assert.All(queues, q => Assert.Equal(TapDevices.ClonePath, q.OpenedPath));
            var json = Ip.Link(ns.Name, "gtap0");
            Assert.Equal(Index, json.GetProperty("ifindex").GetInt32());
            AssertTunInfo(json, persist: true, multiQueue: true, vnetHeader: true);
            Assert.Equal(3, json.Get("linkinfo", "info_data", "numqueues")!.Value.GetInt32());
        }

        // Persistent: still there with no fd open, and queues can be attached again.
        Assert.True(Ip.LinkExists(ns.Name, "gtap0"));
        Assert.Equal(0, Ip.Link(ns.Name, "gtap0").Get("linkinfo", "info_data", "numqueues")!.Value.GetInt32());
        using var attached = TapDevices.Attach(ns.Namespace, "gtap0", queues: 2);
        Assert.Equal(2, attached.Count);
        Assert.Equal(2, Ip.Link(ns.Name, "gtap0").Get("linkinfo", "info_data", "numqueues")!.Value.GetInt32());
        Assert.All(attached, q => Assert.True(q.Flags.HasFlag(TapInterfaceFlags.MultiQueue | TapInterfaceFlags.VnetHeader), q.Flags.ToString()));

        ns.Netlink.Links.SetUp("gtap0", true);
        using var device = PacketSocket.Open(ns.Namespace, "gtap0");
        // Written to a queue: the tap device receives it.
        for (int i = 0; i < attached.Count; i++)
        {
            attached[i].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, Sender, $"tap-in-{i}"));
            Assert.NotNull(device.WaitFor($"tap-in-{i}", QueueReading.Arrival));
        }
        // Sent by the tap device: one of the queues reads it.
        device.Send(EthernetFrame.Marked(Sender, MacAddress.Parse("52:54:00:7a:00:02"), "tap-out"));
        Assert.True(WaitOnAny(attached, "tap-out"), "no queue read the frame the tap device sent");

        ns.Netlink.Links.Delete("gtap0");
        Assert.False(Ip.LinkExists(ns.Name, "gtap0"));
    }

    [Fact]
    public void A_non_persistent_tap_goes_with_its_last_queue()
    {
        using var ns = TestNamespace.Create("tunn");
        var options = new TapQueueOptions { VnetHeader = false, MultiQueue = false };
        string name;
        using (var queues = TapDevices.Create(ns.Namespace, new TapDeviceSpec { Options = options }))
        {
            name = queues.Device;
            Assert.StartsWith("tap", name); // the kernel chose the name
            Assert.Equal(0, queues[0].VnetHeaderSize);
            var json = Ip.Link(ns.Name, name);
            AssertTunInfo(json, persist: false, multiQueue: false, vnetHeader: false);
            Assert.False(Ip.LinkExists(null, name) && HostHasSameTap(name), "the tap must be created in the namespace, not the host");
        }
        Assert.False(Ip.LinkExists(ns.Name, name));
    }

    [Fact]
    public void A_single_queue_tap_with_vnet_header_carries_frames_both_ways()
    {
        using var ns = TestNamespace.Create("tun1");
        using var queues = TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "gtap1" });
        Assert.Equal(12, queues[0].VnetHeaderSize);
        ns.Netlink.Links.SetUp("gtap1", true);
        using var device = PacketSocket.Open(ns.Namespace, "gtap1");
        var frame = EthernetFrame.Marked(EthernetFrame.Broadcast, Sender, "one-queue-in");
        queues[0].WriteFrame(frame);
        Assert.Equal(frame, device.WaitFor("one-queue-in", QueueReading.Arrival));
        var back = EthernetFrame.Marked(Sender, MacAddress.Parse("52:54:00:7a:00:03"), "one-queue-out");
        device.Send(back);
        Assert.Equal(back, queues[0].WaitFor("one-queue-out", QueueReading.Arrival));
    }

    private static void AssertTunInfo(JsonElement json, bool persist, bool multiQueue, bool vnetHeader)
    {
        Assert.Equal(LinkKinds.Tun, json.Get("linkinfo", "info_kind")!.Value.GetString());
        var data = json.Get("linkinfo", "info_data")!.Value;
        Assert.Equal("tap", data.GetProperty("type").GetString());
        Assert.False(data.GetProperty("pi").GetBoolean());
        Assert.Equal(vnetHeader, data.GetProperty("vnet_hdr").GetBoolean());
        Assert.Equal(multiQueue, data.GetProperty("multi_queue").GetBoolean());
        Assert.Equal(persist, data.GetProperty("persist").GetBoolean());
    }

    /// <summary>Kernel-chosen names (tap0...) may exist in the host too; only a tun device there with the same name would be ours.</summary>
    private static bool HostHasSameTap(string name) =>
        Ip.Link(null, name).Get("linkinfo", "info_kind")?.GetString() == LinkKinds.Tun;

    private static bool WaitOnAny(TapQueueSet queues, string marker)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < QueueReading.Arrival)
        {
            foreach (var queue in queues)
            {
                if (queue.WaitFor(marker, TimeSpan.FromMilliseconds(20)) is not null)
                    return true;
            }
        }
        return false;
    }
}
