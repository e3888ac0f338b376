using System.Diagnostics;
using System.Net;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

[Trait("Category", "Kernel")]
public sealed class MacvtapMultiQueueTests
{
    private const int Queues = 4;

    [Fact]
    public void Every_queue_sends_and_flows_spread_over_the_queues_on_receive()
    {
        using var lab = MacvtapLab.Create("mq", queues: Queues);
        using var queues = lab.OpenQueues(Queues);
        Assert.Equal(Queues, queues.Count);
        Assert.Equal(Queues, queues.FileDescriptors.Distinct().Count());
        Assert.All(queues, q =>
        {
            Assert.True(q.Flags.HasFlag(TapInterfaceFlags.MultiQueue), $"{q}: {q.Flags}");
            Assert.True(q.Flags.HasFlag(TapInterfaceFlags.VnetHeader), $"{q}: {q.Flags}");
            Assert.Equal(12, q.VnetHeaderSize);
        });
        Assert.True(queues.Features.HasFlag(TapInterfaceFlags.MultiQueue));

        using var wire = lab.OpenPeerSocket();
        for (int i = 0; i < Queues; i++)
        {
            queues[i].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, lab.MacvtapMac, $"from-queue-{i}"));
            Assert.NotNull(wire.WaitFor($"from-queue-{i}", QueueReading.Arrival));
        }

        // Distinct UDP flows hash to different queues; every frame must arrive on exactly one of them.
        const int Flows = 64;
        for (int port = 0; port < Flows; port++)
            wire.Send(EthernetFrame.Udp(lab.MacvtapMac, lab.PeerMac, IPAddress.Parse("10.9.0.1"), IPAddress.Parse("10.9.0.2"),
                (ushort)(20000 + port), 7, System.Text.Encoding.ASCII.GetBytes($"flow-{port:D3}")));
        var perQueue = ReceiveFlows(queues, Flows);
        Assert.Equal(Flows, perQueue.Sum(set => set.Count));
        Assert.Equal(Flows, perQueue.SelectMany(set => set).Distinct().Count());
        Assert.True(perQueue.Count(set => set.Count > 0) >= 2, $"flows per queue: {string.Join(", ", perQueue.Select(s => s.Count))}");
    }

    [Fact]
    public void A_queue_closed_and_reopened_keeps_the_device_working()
    {
        using var lab = MacvtapLab.Create("mqre", queues: 2);
        using var wire = lab.OpenPeerSocket();
        var firstSet = lab.OpenQueues(2);
        firstSet.Dispose();
        using var again = lab.OpenQueues(2);
        again[1].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, lab.MacvtapMac, "after-reopen"));
        Assert.NotNull(wire.WaitFor("after-reopen", QueueReading.Arrival));
    }

    private static List<HashSet<string>> ReceiveFlows(TapQueueSet queues, int expected)
    {
        var perQueue = queues.Select(_ => new HashSet<string>()).ToList();
        var buffer = new byte[2048];
        var deadline = Stopwatch.StartNew();
        while (perQueue.Sum(set => set.Count) < expected && deadline.Elapsed < QueueReading.Arrival)
        {
            for (int i = 0; i < queues.Count; i++)
            {
                while (queues[i].TryReadFrame(buffer, TimeSpan.Zero, out int length))
                {
                    string text = System.Text.Encoding.ASCII.GetString(buffer, 0, length);
                    int at = text.IndexOf("flow-", StringComparison.Ordinal);
                    if (at >= 0)
                        perQueue[i].Add(text.Substring(at, 8));
                }
            }
            Thread.Sleep(5);
        }
        return perQueue;
    }
}
