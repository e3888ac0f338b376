using Tapyard.Core.Nics;
using Tapyard.Linux.Links;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests.Vlans;

/// <summary>
/// Bridged NICs with a vlan are access ports of that VLAN on a Linux bridge that cannot filter VLANs
/// here (tc programs on the tap do what a vlan-filtering bridge's PVID-untagged port would do).
/// </summary>
[Trait("Category", "Kernel")]
public sealed class BridgedVlanTests
{
    private const string NodeBridge = "brv";
    private static readonly MacAddress Mac10 = MacAddress.Parse("52:54:00:42:00:10");
    private static readonly MacAddress Mac20 = MacAddress.Parse("52:54:00:42:00:20");
    private static readonly MacAddress MacPlain = MacAddress.Parse("52:54:00:42:00:01");

    [Fact]
    public void Access_ports_tag_what_their_guest_sends_give_it_only_its_vlan_untagged_and_an_untagged_port_cannot_hop()
    {
        using var lab = NodeLab.Create("vlbr");
        lab.AddBridge(NodeBridge);
        using var trunk = SwitchTrunk.Open(lab);
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"),
        [
            NodeLab.Nic(0, Mac10.ToString(), link: NodeBridge, nicMode: NicMode.Bridged, vlan: 10),
            NodeLab.Nic(1, Mac20.ToString(), link: NodeBridge, nicMode: NicMode.Bridged, vlan: 20),
            NodeLab.Nic(2, MacPlain.ToString(), link: NodeBridge, nicMode: NicMode.Bridged),
        ]);
        nics.SetUp("web1");
        var (vlan10, vlan20, plain) = (plugged.Nics[0], plugged.Nics[1], plugged.Nics[2]);
        Assert.Equal((int?)10, nics.Records.TryRead(vlan10.Device)!.Vlan);

        vlan10.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, Mac10, "from-10"));
        Assert.Equal(10, trunk.TagOf("from-10", Frames.Arrival));
        Assert.False(vlan20.Queues[0].Receives("from-10", Frames.Absence), "VLAN 10's broadcast crossed to the VLAN 20 port");
        Assert.False(plain.Queues[0].Receives("from-10", Frames.Absence), "VLAN 10's broadcast reached the untagged port");
        plain.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, MacPlain, "from-plain"));
        Assert.Null(trunk.TagOf("from-plain", Frames.Arrival));
        Assert.False(vlan10.Queues[0].Receives("from-plain", Frames.Absence), "an untagged broadcast reached the VLAN 10 port");

        trunk.Send(Frames.Marked(Frames.Broadcast, MacAddress.Parse("52:54:00:99:01:01"), "to-20"), vlan: 20);
        Assert.True(vlan20.Queues[0].Receives("to-20", Frames.Arrival), "VLAN 20's broadcast did not reach the VLAN 20 port");
        Assert.False(vlan10.Queues[0].Receives("to-20", Frames.Absence), "VLAN 20's broadcast reached the VLAN 10 port");
        Assert.False(plain.Queues[0].Receives("to-20", Frames.Absence), "VLAN 20's broadcast reached the untagged port");

        // A guest on the untagged port tags its own frame for VLAN 10: dropped at its port.
        plain.Queues[0].WriteFrame(SwitchTrunk.Tag(Frames.Marked(Frames.Broadcast, MacPlain, "hop-to-10"), 10));
        Assert.False(trunk.Saw("hop-to-10", Frames.Absence), "a self-tagged frame from an untagged port reached the switch");
        Assert.False(vlan10.Queues[0].Receives("hop-to-10", Frames.Absence), "a self-tagged frame from an untagged port reached VLAN 10");

        nics.Unplug(plugged);
        Assert.Empty(lab.Taps());
    }
}
