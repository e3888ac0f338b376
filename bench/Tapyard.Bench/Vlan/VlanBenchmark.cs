using System.Diagnostics;
using System.Net;
using Tapyard.Bench.Support;
using Tapyard.Linux;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Vlans;

namespace Tapyard.Bench.Vlan;

/// <summary>
/// `tapyard bench vlan`: what a VLAN costs on a kernel without 802.1Q, where Tapyard's sub-interfaces
/// tag and untag with eBPF tc programs. Two namespaces joined by a veth (near eth0 ↔ far eth0):
/// the untagged path is a macvlan on near's eth0 (as a guest's macvtap sits on its link) to far's
/// eth0; the VLAN path is a macvlan on near's eth0.10 to far's eth0.10, both Tapyard sub-interfaces,
/// so every frame is tagged on one side and untagged on the other. Same devices, same machine, one
/// run, alternating paths round by round (ABBA): iperf3 TCP throughput, UDP echo round trips, and the
/// time to make and delete a sub-interface. The reference is the untagged path itself.
/// </summary>
public static class VlanBenchmark
{
    private const ushort Vlan = 10;
    private const int CreateDeleteRuns = 10;
    private static readonly IPAddress NearUntagged = IPAddress.Parse("10.90.0.2"), FarUntagged = IPAddress.Parse("10.90.0.1");
    private static readonly IPAddress NearTagged = IPAddress.Parse("10.91.0.2"), FarTagged = IPAddress.Parse("10.91.0.1");

    public static VlanReport Run(int seconds, int rounds, int echoes, TextWriter progress, CancellationToken cancellation = default)
    {
        string suffix = Guid.NewGuid().ToString("N")[..8];
        progress.WriteLine($"bench vlan: namespaces ty-bvl-near-{suffix} and ty-bvl-far-{suffix}, {rounds} rounds of {seconds} s per path");
        var near = NetworkNamespace.Create($"ty-bvl-near-{suffix}");
        NetworkNamespace? far = null;
        try
        {
            far = NetworkNamespace.Create($"ty-bvl-far-{suffix}");
            using var nearNetlink = Rtnetlink.Open(near);
            using var farNetlink = Rtnetlink.Open(far);
            Wire(nearNetlink, farNetlink, far);

            var (create, delete) = TimeCreateAndDelete(nearNetlink, progress, cancellation);

            var throughput = (Untagged: new List<double>(), Tagged: new List<double>());
            for (int round = 0; round < rounds; round++)
            {
                // ABBA: whichever path runs first in a round, the other runs first in the next.
                foreach (bool tagged in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    cancellation.ThrowIfCancellationRequested();
                    double mbits = Iperf.Run(near, far, (tagged ? FarTagged : FarUntagged).ToString(), seconds);
                    (tagged ? throughput.Tagged : throughput.Untagged).Add(mbits);
                    progress.WriteLine($"  round {round + 1} {(tagged ? "vlan 10 " : "untagged")}: {mbits:F0} Mbit/s");
                }
            }
            var untaggedEcho = UdpEcho.Measure(near, far, FarUntagged, echoes, cancellation);
            var taggedEcho = UdpEcho.Measure(near, far, FarTagged, echoes, cancellation);
            return new VlanReport
            {
                Untagged = new VlanPathFigures(Statistics.Median(throughput.Untagged), Statistics.Median(untaggedEcho), rounds, echoes),
                Tagged = new VlanPathFigures(Statistics.Median(throughput.Tagged), Statistics.Median(taggedEcho), rounds, echoes),
                CreateMilliseconds = create, DeleteMilliseconds = delete, CreateDeleteRuns = CreateDeleteRuns,
            };
        }
        finally
        {
            foreach (var ns in new[] { far, near }.OfType<NetworkNamespace>())
            {
                string name = ns.Name!;
                ns.Dispose();
                NetworkNamespace.Delete(name);
            }
        }
    }

    /// <summary>near eth0 ↔ far eth0; a macvlan on near's eth0 and one on near's eth0.10; far's addresses on its eth0 and eth0.10.</summary>
    private static void Wire(Rtnetlink near, Rtnetlink far, NetworkNamespace farNamespace)
    {
        using (var farHandle = farNamespace.OpenHandle())
            near.Links.Create(new VethLinkSpec { Name = "eth0", PeerName = "eth0", PeerNamespace = farHandle, Up = true, DisableIpv6AddressGeneration = true });
        far.Links.Change("eth0", new LinkChange { Up = true, DisableIpv6AddressGeneration = true });
        var nearEth0 = near.Links.Get("eth0");
        var farEth0 = far.Links.Get("eth0");
        near.Vlans.Create(new VlanSubInterfaceSpec("eth0", Vlan, "eth0.10", $"tyvl{nearEth0.Index}.{Vlan}"));
        far.Vlans.Create(new VlanSubInterfaceSpec("eth0", Vlan, "eth0.10", $"tyvl{farEth0.Index}.{Vlan}"));
        near.Links.Create(new MacvlanLinkSpec { Name = "mv0", Lower = "eth0", Mode = MacvlanMode.Bridge, Up = true, DisableIpv6AddressGeneration = true });
        near.Links.Create(new MacvlanLinkSpec { Name = "mv10", Lower = "eth0.10", Mode = MacvlanMode.Bridge, Up = true, DisableIpv6AddressGeneration = true });
        near.Addresses.Add("mv0", new AddressSpec { Address = NearUntagged, PrefixLength = 24 });
        near.Addresses.Add("mv10", new AddressSpec { Address = NearTagged, PrefixLength = 24 });
        far.Addresses.Add("eth0", new AddressSpec { Address = FarUntagged, PrefixLength = 24 });
        far.Addresses.Add("eth0.10", new AddressSpec { Address = FarTagged, PrefixLength = 24 });
    }

    /// <summary>Median time to make and to delete one more sub-interface (VLAN 20) on near's eth0, after one untimed pair.</summary>
    private static (double Create, double Delete) TimeCreateAndDelete(Rtnetlink near, TextWriter progress, CancellationToken cancellation)
    {
        var eth0 = near.Links.Get("eth0");
        var spec = new VlanSubInterfaceSpec("eth0", 20, "eth0.20", $"tyvl{eth0.Index}.20");
        var creates = new List<double>();
        var deletes = new List<double>();
        for (int run = -1; run < CreateDeleteRuns; run++)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            near.Vlans.Create(spec);
            double created = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            near.Vlans.Delete(spec.Name);
            double deleted = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (run < 0)
                continue; // JIT and first program loads
            creates.Add(created);
            deletes.Add(deleted);
        }
        progress.WriteLine($"  sub-interface: create {Statistics.Median(creates):F2} ms, delete {Statistics.Median(deletes):F2} ms (medians of {CreateDeleteRuns})");
        return (Statistics.Median(creates), Statistics.Median(deletes));
    }
}
