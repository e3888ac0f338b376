using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

/// <summary>
/// Two namespaces each hold a macvtap with the same ifindex, hence the same /dev/tapN name, which
/// devtmpfs gives to the first one only (PLATFORM.md). Queues opened through Tapyard must reach each
/// namespace's own device; /dev/tapN opened blindly reaches the first namespace's.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class MacvtapCollisionTests
{
    // The same MAC on both: only the namespace, not the address, can tell the devices apart.
    private static readonly MacAddress GuestMac = MacAddress.Parse("52:54:00:c0:11:1d");

    [Fact]
    public void Queues_reach_their_own_namespace_when_two_macvtaps_share_an_ifindex()
    {
        int index = DeviceNode.UnusedIndex();
        using var first = MacvtapLab.Create("colA", index, mac: GuestMac);
        using var second = MacvtapLab.Create("colB", index, mac: GuestMac);

        var a = MacvtapQueues.Locate(first.Namespace.Namespace, MacvtapLab.Macvtap);
        var b = MacvtapQueues.Locate(second.Namespace.Namespace, MacvtapLab.Macvtap);
        Assert.Equal(index, a.Index);
        Assert.Equal(index, b.Index);
        Assert.Equal(a.SharedNodePath, b.SharedNodePath);
        Assert.NotEqual(a.Number, b.Number);
        // The shared name belongs to exactly one of them: the first created.
        Assert.Equal(a.Number, DeviceNode.NumberOf(a.SharedNodePath));

        using var queuesA = first.OpenQueues();
        using var queuesB = second.OpenQueues();
        Assert.Equal(a.SharedNodePath, queuesA[0].OpenedPath);
        Assert.False(queuesA[0].OpenedThroughPrivateNode);
        Assert.True(queuesB[0].OpenedThroughPrivateNode, $"B's queue came from {queuesB[0].OpenedPath}");
        Assert.Equal(a.Number, DeviceNode.NumberOf(queuesA[0].Handle));
        Assert.Equal(b.Number, DeviceNode.NumberOf(queuesB[0].Handle));
        Assert.Empty(Directory.GetFileSystemEntries(second.RuntimeDirectory.Path)); // the private node was unlinked

        using var wireA = first.OpenPeerSocket();
        using var wireB = second.OpenPeerSocket();

        // Out: what a guest writes leaves on its own lower device only.
        queuesB[0].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, GuestMac, "out-via-B"));
        Assert.NotNull(wireB.WaitFor("out-via-B", QueueReading.Arrival));
        Assert.Empty(wireA.CollectMatching("out-via-B", QueueReading.Absence));

        queuesA[0].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, GuestMac, "out-via-A"));
        Assert.NotNull(wireA.WaitFor("out-via-A", QueueReading.Arrival));
        Assert.Empty(wireB.CollectMatching("out-via-A", QueueReading.Absence));

        // In: what arrives at each device is read from that device's fd only.
        wireB.Send(EthernetFrame.Marked(GuestMac, second.PeerMac, "in-to-B"));
        Assert.NotNull(queuesB[0].WaitFor("in-to-B", QueueReading.Arrival));
        wireA.Send(EthernetFrame.Marked(GuestMac, first.PeerMac, "in-to-A"));
        Assert.NotNull(queuesA[0].WaitFor("in-to-A", QueueReading.Arrival));
        Assert.Null(queuesA[0].WaitFor("in-to-B", QueueReading.Absence));
        Assert.Null(queuesB[0].WaitFor("in-to-A", QueueReading.Absence));
    }

    [Fact]
    public void Blindly_opening_dev_tapN_attaches_to_the_other_namespaces_device()
    {
        int index = DeviceNode.UnusedIndex();
        using var first = MacvtapLab.Create("blindA", index, mac: GuestMac);
        using var second = MacvtapLab.Create("blindB", index, mac: GuestMac);
        using var wireA = first.OpenPeerSocket();
        using var wireB = second.OpenPeerSocket();

        // What a namespace-unaware manager does for B's macvtap: open /dev/tap<B's ifindex>.
        using var blind = OpenBlindly($"/dev/tap{index}");
        blind.WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, GuestMac, "meant-for-B"));
        Assert.NotNull(wireA.WaitFor("meant-for-B", QueueReading.Arrival));
        Assert.Empty(wireB.CollectMatching("meant-for-B", QueueReading.Absence));
    }

    [Fact]
    public void A_missing_dev_tapN_is_replaced_by_a_private_node()
    {
        int index = DeviceNode.UnusedIndex();
        using var first = MacvtapLab.Create("goneA", index, mac: GuestMac);
        using var second = MacvtapLab.Create("goneB", index, mac: GuestMac);
        // Deleting the first device removes /dev/tapN (devtmpfs deletes only its own node), though B's device lives on.
        first.Namespace.Netlink.Links.Delete(MacvtapLab.Macvtap);
        Assert.Null(DeviceNode.NumberOf($"/dev/tap{index}"));

        using var queues = second.OpenQueues();
        Assert.True(queues[0].OpenedThroughPrivateNode);
        using var wire = second.OpenPeerSocket();
        queues[0].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, GuestMac, "after-gone"));
        Assert.NotNull(wire.WaitFor("after-gone", QueueReading.Arrival));
    }

    [Fact]
    public void A_late_dev_tapN_is_waited_for()
    {
        int index = DeviceNode.UnusedIndex();
        using var first = MacvtapLab.Create("lateA", index, mac: GuestMac);
        using var second = MacvtapLab.Create("lateB", index, mac: GuestMac);
        first.Namespace.Netlink.Links.Delete(MacvtapLab.Macvtap);
        var b = MacvtapQueues.Locate(second.Namespace.Namespace, MacvtapLab.Macvtap);
        string node = b.SharedNodePath;
        Assert.Null(DeviceNode.NumberOf(node));

        // Play udev: the node for B's device appears a little after the open began.
        var udev = new Thread(() =>
        {
            Thread.Sleep(50);
            Interop.Libc.Mknod(node, 0x2000 | 0x180, b.Number.ToDevT());
        });
        try
        {
            udev.Start();
            using var queues = second.OpenQueues(options: second.Options with { DeviceNodeWait = TimeSpan.FromSeconds(5) });
            Assert.Equal(node, queues[0].OpenedPath);
            Assert.False(queues[0].OpenedThroughPrivateNode);
            Assert.Equal(b.Number, DeviceNode.NumberOf(queues[0].Handle));
        }
        finally
        {
            udev.Join();
            if (DeviceNode.NumberOf(node) == b.Number)
                File.Delete(node);
        }
    }

    [Fact]
    public void Private_nodes_fall_back_to_dev_when_the_runtime_directory_is_mounted_nodev()
    {
        const ulong NoDevices = 4; // MS_NODEV
        int index = DeviceNode.UnusedIndex();
        using var first = MacvtapLab.Create("nodevA", index, mac: GuestMac);
        using var second = MacvtapLab.Create("nodevB", index, mac: GuestMac);
        string runtime = second.RuntimeDirectory.Path;
        var ns = second.Namespace.Namespace;
        // The namespace thread has its own mount namespace: this tmpfs is invisible to the rest of the machine.
        ns.Run(() => Assert.Equal(0, Interop.Libc.Mount("tmpfs", runtime, "tmpfs", NoDevices, 0)));
        try
        {
            using var queues = ns.Run(() => second.OpenQueues());
            Assert.StartsWith("/dev/.tapyard-", queues[0].OpenedPath);
            Assert.True(queues[0].OpenedThroughPrivateNode);
            Assert.Empty(Directory.GetFileSystemEntries("/dev", ".tapyard-*"));
            using var wire = second.OpenPeerSocket();
            queues[0].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, GuestMac, "via-dev-fallback"));
            Assert.NotNull(wire.WaitFor("via-dev-fallback", QueueReading.Arrival));
        }
        finally
        {
            ns.Run(() => Interop.Libc.Umount2(runtime, 0));
        }
    }

    /// <summary>open(2) on a path with no checks at all; a fresh macvtap fd carries a 10-byte virtio-net header.</summary>
    private static TapQueue OpenBlindly(string path)
    {
        int fd = Interop.Libc.Open(path, 0x2 | 0x80000, 0);
        Assert.True(fd >= 0, $"open {path} failed");
        return new TapQueue(new SafeFileHandle(fd, ownsHandle: true), path, TapInterfaceFlags.Tap | TapInterfaceFlags.NoPacketInfo | TapInterfaceFlags.VnetHeader, 10, path);
    }
}
