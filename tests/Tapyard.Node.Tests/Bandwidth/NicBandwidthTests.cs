using Tapyard.Core.Nics;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Node.AntiSpoof;
using Tapyard.Node.Bandwidth;

namespace Tapyard.Node.Tests.Bandwidth;

/// <summary>
/// bw_in/bw_out enforced by the kernel on real devices, measured with frames through queue fds:
/// throughput within 10% of the limit in each direction, for a macvtap and for a tap, and well
/// above it once the limit is removed (so the limit, not the test, is what held it).
/// </summary>
[Trait("Category", "Kernel")]
public sealed class NicBandwidthTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private const long LimitKilobytes = 2000;                // 2,000,000 bytes/s as libvirt means it
    private const double Limit = LimitKilobytes * 1000.0;
    private const double Offered = Limit * 1.6;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(0.7);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    private static readonly BandwidthLimit Limited = new(LimitKilobytes, null, 16);   // a 16 KiB bucket: the warm-up drains it

    private static readonly MacAddress GuestA = MacAddress.Parse("52:54:00:00:0a:01");
    private static readonly MacAddress GuestB = MacAddress.Parse("52:54:00:00:0b:01");

    /// <summary>Two bridge-mode macvtaps on one lower device: siblings talk directly, through each one's egress and ingress.</summary>
    private sealed class MacvtapPair : IDisposable
    {
        public readonly TestNamespace Ns = TestNamespace.Create("bw-mvt");
        public readonly TempDirectory Run = new("bw-mvt");
        public readonly TapQueueSet A, B;

        public MacvtapPair()
        {
            try
            {
                var links = Ns.Netlink.Links;
                links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true, DisableIpv6AddressGeneration = true });
                links.Change("up0p", new LinkChange { Up = true, DisableIpv6AddressGeneration = true });   // carrier for up0, so its macvtaps run
                links.CreateWithUniqueIndex(new MacvlanLinkSpec { Name = "vta", Lower = "up0", Mac = GuestA, Up = true, DisableIpv6AddressGeneration = true });
                links.CreateWithUniqueIndex(new MacvlanLinkSpec { Name = "vtb", Lower = "up0", Mac = GuestB, Up = true, DisableIpv6AddressGeneration = true });
                var options = new TapQueueOptions { RuntimeDirectory = Run.Path };
                A = MacvtapQueues.Open(Ns.Namespace, "vta", 1, options);
                B = MacvtapQueues.Open(Ns.Namespace, "vtb", 1, options);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            A?.Dispose();
            B?.Dispose();
            Ns.Dispose();
            Run.Dispose();
        }
    }

    /// <summary>Two taps as ports of one bridge: what one guest writes reaches the other.</summary>
    private sealed class TapPair : IDisposable
    {
        public readonly TestNamespace Ns = TestNamespace.Create("bw-tap");
        public readonly TapQueueSet A, B;

        public TapPair()
        {
            try
            {
                var links = Ns.Netlink.Links;
                links.Create(new BridgeLinkSpec { Name = "br0", Up = true, DisableIpv6AddressGeneration = true });
                var options = new TapQueueOptions { MultiQueue = false };
                A = TapDevices.Create(Ns.Namespace, new TapDeviceSpec { Name = "tapa", Options = options });
                B = TapDevices.Create(Ns.Namespace, new TapDeviceSpec { Name = "tapb", Options = options });
                foreach (string tap in new[] { "tapa", "tapb" })
                {
                    links.Change(tap, new LinkChange { Up = true, DisableIpv6AddressGeneration = true });
                    links.SetMaster(tap, "br0");
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            A?.Dispose();
            B?.Dispose();
            Ns.Dispose();
        }
    }

    private void AssertNearLimit(double measured, string what)
    {
        log.WriteLine($"{what}: {measured:N0} bytes/s ({measured / Limit - 1:+0.0%;-0.0%} of the limit), {Throughput.Stalls} write stalls");
        Assert.True(Math.Abs(measured - Limit) <= Limit * 0.10,
            $"{what}: {measured:N0} bytes/s, limit {Limit:N0} (±10%); {Throughput.Stalls} write stalls");
    }

    private void AssertUnlimited(double measured, string what)
    {
        log.WriteLine($"{what} unlimited: {measured:N0} bytes/s");
        Assert.True(measured > Limit * 1.3, $"{what} without a limit: {measured:N0} bytes/s, expected well above {Limit:N0} (offered {Offered:N0})");
    }

    [Fact]
    public void Macvtap_bw_out_limits_what_the_guest_sends()
    {
        using var pair = new MacvtapPair();
        NicBandwidth.Apply(pair.Ns.Netlink, "vta", bwIn: null, bwOut: Limited, guardForwardsOut: false);
        AssertNearLimit(Throughput.BytesPerSecond(pair.A[0], pair.B[0], GuestB, GuestA, Offered, WarmUp, Window), "macvtap guest -> wire (bw_out, egress)");
        NicBandwidth.Remove(pair.Ns.Netlink, "vta");
        AssertUnlimited(Throughput.BytesPerSecond(pair.A[0], pair.B[0], GuestB, GuestA, Offered, WarmUp, Window), "macvtap guest -> wire");
    }

    [Fact]
    public void Macvtap_bw_in_limits_what_the_guest_receives()
    {
        using var pair = new MacvtapPair();
        NicBandwidth.Apply(pair.Ns.Netlink, "vta", bwIn: Limited, bwOut: null, guardForwardsOut: false);
        Assert.NotNull(pair.Ns.Netlink.Links.TryGet("ifbvta"));
        AssertNearLimit(Throughput.BytesPerSecond(pair.B[0], pair.A[0], GuestA, GuestB, Offered, WarmUp, Window), "macvtap wire -> guest (bw_in, ingress via ifb)");
        NicBandwidth.Remove(pair.Ns.Netlink, "vta");
        Assert.Null(pair.Ns.Netlink.Links.TryGet("ifbvta"));
        AssertUnlimited(Throughput.BytesPerSecond(pair.B[0], pair.A[0], GuestA, GuestB, Offered, WarmUp, Window), "macvtap wire -> guest");
    }

    [Fact]
    public void Tap_bw_out_and_bw_in_limit_the_guests_two_directions()
    {
        using var pair = new TapPair();
        NicBandwidth.Apply(pair.Ns.Netlink, "tapa", bwIn: Limited, bwOut: Limited, guardForwardsOut: false);
        AssertNearLimit(Throughput.BytesPerSecond(pair.A[0], pair.B[0], GuestB, GuestA, Offered, WarmUp, Window), "tap guest -> host (bw_out, ingress via ifb)");
        AssertNearLimit(Throughput.BytesPerSecond(pair.B[0], pair.A[0], GuestA, GuestB, Offered, WarmUp, Window), "tap host -> guest (bw_in, egress)");
        NicBandwidth.Apply(pair.Ns.Netlink, "tapa", null, null, guardForwardsOut: false);
        AssertUnlimited(Throughput.BytesPerSecond(pair.A[0], pair.B[0], GuestB, GuestA, Offered, WarmUp, Window), "tap guest -> host");
    }

    /// <summary>A guarded tap's bw_out: no tc redirect, the anti-spoofing chain forwards to the ifb (nft fwd), and the HTB there still holds the limit.</summary>
    [Fact]
    public void Tap_bw_out_forwarded_by_the_anti_spoofing_chain_holds_the_limit()
    {
        using var pair = new TapPair();
        NicBandwidth.Apply(pair.Ns.Netlink, "tapa", bwIn: null, bwOut: Limited, guardForwardsOut: true);
        new SpoofGuard(pair.Ns.Namespace).ApplyAll([new SpoofTableSpec(SpoofGuard.TableOf("tapa"), "tapa", SpoofHook.Ingress, GuestA, null, "ifbtapa")]);
        AssertNearLimit(Throughput.BytesPerSecond(pair.A[0], pair.B[0], GuestB, GuestA, Offered, WarmUp, Window), "guarded tap guest -> host (bw_out, nft fwd to the ifb)");
    }

    [Fact]
    public void Applying_twice_replaces_and_a_non_guest_device_is_refused()
    {
        using var pair = new MacvtapPair();
        NicBandwidth.Apply(pair.Ns.Netlink, "vta", Limited, Limited, guardForwardsOut: false);
        NicBandwidth.Apply(pair.Ns.Netlink, "vta", null, new BandwidthLimit(500), guardForwardsOut: false);   // no "exists" error: replaced, and no ifb left
        Assert.Null(pair.Ns.Netlink.Links.TryGet("ifbvta"));
        var e = Assert.Throws<TrafficControlException>(() => NicBandwidth.Apply(pair.Ns.Netlink, "up0", Limited, null, guardForwardsOut: false));
        Assert.Equal("cannot shape up0: it is a veth device, not a NIC's macvtap or tap; bw_in/bw_out apply to guest devices", e.Message);
    }

    [Fact]
    public void A_failure_half_way_leaves_no_shaping_and_someone_elses_device_alone()
    {
        using var pair = new MacvtapPair();
        var links = pair.Ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "ifbvta", PeerName = "ifbvtap" });   // takes the ifb's name
        Assert.ThrowsAny<TapyardLinuxException>(() => NicBandwidth.Apply(pair.Ns.Netlink, "vta", bwIn: Limited, bwOut: Limited, guardForwardsOut: false));
        Assert.Equal(LinkKinds.Veth, links.Get("ifbvta").Kind);
        var (_, qdiscs) = Tc(pair.Ns, "qdisc", "show", "dev", "vta");
        Assert.DoesNotContain("htb", qdiscs);
        Assert.DoesNotContain("ingress", qdiscs);
    }

    private static (int Exit, string Output) Tc(TestNamespace ns, params string[] args) => ns.Namespace.Run(() =>
    {
        var start = new System.Diagnostics.ProcessStartInfo("tc") { RedirectStandardOutput = true };
        foreach (string a in args)
            start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    });
}
