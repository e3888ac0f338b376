using Tapyard.Core.Nics;
using Tapyard.Linux.Links;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests.Vlans;

/// <summary>
/// A bridged access port with bw_out: its VLAN program (tc, priority 10) runs first, then the
/// anti-spoofing chain, which forwards what it admits to the ifb (see SpoofRuleset).
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ShapedAccessPortTests
{
    private const string NodeBridge = "brv";
    private static readonly MacAddress Mac10 = MacAddress.Parse("52:54:00:42:01:10");
    private static readonly MacAddress MacPlain = MacAddress.Parse("52:54:00:42:01:01");

    /// <summary>
    /// With bw_out, the anti-spoofing chain forwards the guest's frames to the ifb after the VLAN tag
    /// program (tc, priority 10) ran: they still leave tagged, shaped, and forged ones still never do.
    /// </summary>
    [Fact]
    public void A_shaped_access_port_still_tags_and_its_guard_still_drops_forged_frames()
    {
        using var lab = NodeLab.Create("vlbrbw");
        lab.AddBridge(NodeBridge);
        using var trunk = SwitchTrunk.Open(lab);
        using var nics = lab.OpenNics();
        var limit = new BandwidthLimit(1000);
        using var plugged = nics.Plug(NodeLab.Instance("web1"),
        [
            NodeLab.Nic(0, Mac10.ToString(), link: NodeBridge, nicMode: NicMode.Bridged, vlan: 10) with { BwOut = limit },
            NodeLab.Nic(1, MacPlain.ToString(), link: NodeBridge, nicMode: NicMode.Bridged) with { BwOut = limit },
        ]);
        nics.SetUp("web1");
        var (vlan10, plain) = (plugged.Nics[0], plugged.Nics[1]);

        vlan10.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, MacAddress.Parse("52:54:00:99:02:02"), "forged-10"));
        Assert.False(trunk.Saw("forged-10", Frames.Absence), "a forged source MAC from a shaped VLAN port reached the switch");
        plain.Queues[0].WriteFrame(SwitchTrunk.Tag(Frames.Marked(Frames.Broadcast, MacPlain, "hop-shaped"), 10));
        Assert.False(trunk.Saw("hop-shaped", Frames.Absence), "a self-tagged frame from a shaped untagged port reached the switch");
        vlan10.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, Mac10, "shaped-10"));
        Assert.Equal(10, trunk.TagOf("shaped-10", Frames.Arrival));
        plain.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, MacPlain, "shaped-plain"));
        Assert.Null(trunk.TagOf("shaped-plain", Frames.Arrival));
        string ifbClass = Ip.RunProgram("tc", "-n", lab.Node.Name, "-s", "class", "show", "dev", nics.Records.TryRead(vlan10.Device)!.Ifb!);
        Assert.Matches(@"Sent [1-9]\d* bytes", ifbClass); // shaped: through the ifb's HTB

        nics.Unplug(plugged);
        Assert.Empty(lab.Taps());
    }
}
