using System.Text.RegularExpressions;
using Tapyard.Core.Nics;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests.Bandwidth;

/// <summary>
/// A plug applies the NIC's bw_in/bw_out (read back with tc, an independent reader), records the ifb
/// before making it, and an unplug leaves neither the ifb nor the record. The throughput itself is
/// measured in <see cref="NicBandwidthTests"/>.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class PlugBandwidthTests
{
    [Fact]
    public void A_limited_macvtap_gets_htb_on_both_sides_and_unplug_removes_its_ifb()
    {
        using var lab = NodeLab.Create("plugbw");
        using var nics = lab.OpenNics();
        var instance = NodeLab.Instance("bw1");
        var limited = NodeLab.Nic(0, "52:54:00:00:0b:01") with { BwIn = new BandwidthLimit(1000), BwOut = new BandwidthLimit(500, 800, 64) };
        var plugged = nics.Plug(instance, [limited, NodeLab.Nic(1, "52:54:00:00:0b:02")]);

        string device = plugged.Nics[0].Device;
        Assert.True(Ip.LinkExists(lab.Node.Name, $"ifb{device}"));
        var record = nics.Records.TryRead(device)!;
        Assert.Equal($"ifb{device}", record.Ifb);
        Assert.Null(nics.Records.TryRead(plugged.Nics[1].Device)!.Ifb);
        // macvtap: what the guest sends leaves through the device's egress (bw_out), what it gets arrives on its ingress (bw_in, via the ifb).
        Assert.Equal("4Mbit", HtbRate(lab.Node.Name, device));         // 500 kB/s
        Assert.Equal("8Mbit", HtbRate(lab.Node.Name, record.Ifb!));    // 1000 kB/s
        Assert.Null(HtbRate(lab.Node.Name, plugged.Nics[1].Device));

        nics.Unplug(plugged);

        Assert.False(Ip.LinkExists(lab.Node.Name, record.Ifb!));
        Assert.Empty(nics.Records.ReadAll());
    }

    /// <summary>The rate of the device's root htb class as tc prints it ("4Mbit"); null when it has none. (tc 6.1 prints htb classes as text even with -j.)</summary>
    private static string? HtbRate(string ns, string device)
    {
        var match = Regex.Match(Ip.RunProgram("tc", "-n", ns, "class", "show", "dev", device), @"class htb 1:1 root .*?\brate (\S+)");
        return match.Success ? match.Groups[1].Value : null;
    }
}
