using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

/// <summary>
/// A throwaway namespace holding a veth pair (up0 / up0p, both up) and a macvtap vtap0 on up0, up.
/// Frames written to a vtap0 queue leave through up0 and are seen on up0p; frames sent from up0p
/// arrive at vtap0. Queues use a private temp runtime directory, never /run/tapyard.
/// </summary>
internal sealed class MacvtapLab : IDisposable
{
    public const string Lower = "up0";
    public const string Peer = "up0p";
    public const string Macvtap = "vtap0";

    private MacvtapLab(TestNamespace ns, TempDirectory runtimeDirectory, LinkInfo macvtap, LinkInfo peer)
    {
        Namespace = ns;
        RuntimeDirectory = runtimeDirectory;
        MacvtapInfo = macvtap;
        PeerInfo = peer;
    }

    public TestNamespace Namespace { get; }
    public TempDirectory RuntimeDirectory { get; }
    public LinkInfo MacvtapInfo { get; }
    public LinkInfo PeerInfo { get; }
    public MacAddress MacvtapMac => MacvtapInfo.Mac!.Value;
    public MacAddress PeerMac => PeerInfo.Mac!.Value;

    public TapQueueOptions Options => new() { RuntimeDirectory = RuntimeDirectory.Path };

    /// <param name="index">An explicit ifindex for the macvtap (and so its /dev/tapN name).</param>
    /// <param name="queues">numtxqueues/numrxqueues of the macvtap.</param>
    public static MacvtapLab Create(string purpose, int? index = null, int queues = 1, MacAddress? mac = null)
    {
        var ns = TestNamespace.Create(purpose);
        var runtime = new TempDirectory(purpose);
        try
        {
            var links = ns.Netlink.Links;
            links.Create(new VethLinkSpec { Name = Lower, PeerName = Peer, Up = true, DisableIpv6AddressGeneration = true });
            links.Change(Peer, new LinkChange { Up = true, DisableIpv6AddressGeneration = true });
            var macvtap = links.Create(new MacvlanLinkSpec
            {
                Name = Macvtap, Lower = Lower, Mode = MacvlanMode.Bridge, Index = index, Mac = mac,
                TxQueues = queues, RxQueues = queues, Up = true, DisableIpv6AddressGeneration = true,
            });
            return new MacvtapLab(ns, runtime, links.Get(macvtap.Index), links.Get(Peer));
        }
        catch
        {
            runtime.Dispose();
            ns.Dispose();
            throw;
        }
    }

    public TapQueueSet OpenQueues(int count = 1, TapQueueOptions? options = null) =>
        MacvtapQueues.Open(Namespace.Namespace, Macvtap, count, options ?? Options);

    public PacketSocket OpenPeerSocket() => PacketSocket.Open(Namespace.Namespace, Peer);

    public void Dispose()
    {
        try { Namespace.Dispose(); }
        finally { RuntimeDirectory.Dispose(); }
    }
}
