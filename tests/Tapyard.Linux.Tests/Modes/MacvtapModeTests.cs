using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;
using Tapyard.Linux.Tests.Tap;

namespace Tapyard.Linux.Tests.Modes;

/// <summary>
/// What each macvtap mode does with real frames: two sibling macvtaps on one uplink, a Linux bridge
/// as the external switch, frames written to and read from the queue fds a guest would get.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class MacvtapModeTests
{
    private static readonly MacAddress GuestA = MacAddress.Parse("52:54:00:0a:00:01");
    private static readonly MacAddress GuestB = MacAddress.Parse("52:54:00:0b:00:02");

    [Fact]
    public void Bridge_mode_siblings_talk_directly_and_unicast_never_reaches_the_switch()
    {
        using var lab = SwitchLab.Create("mbr");
        lab.AddMacvtap("vtapa", MacvlanMode.Bridge, GuestA);
        lab.AddMacvtap("vtapb", MacvlanMode.Bridge, GuestB);
        using var a = lab.OpenQueue("vtapa");
        using var b = lab.OpenQueue("vtapb");
        using var switchPort = lab.WatchSwitchPort();

        a[0].WriteFrame(EthernetFrame.Marked(GuestB, GuestA, "a-to-b-unicast"));
        Assert.NotNull(b[0].WaitFor("a-to-b-unicast", QueueReading.Arrival));
        Assert.Empty(switchPort.CollectMatching("a-to-b-unicast", QueueReading.Absence));

        // Broadcast reaches the sibling and the wire.
        a[0].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, GuestA, "a-broadcast"));
        Assert.NotNull(b[0].WaitFor("a-broadcast", QueueReading.Arrival));
        Assert.NotNull(switchPort.WaitFor("a-broadcast", QueueReading.Arrival));
    }

    [Fact]
    public void Vepa_siblings_meet_only_through_a_hairpin_switch_port()
    {
        using var lab = SwitchLab.Create("mvepa");
        lab.AddMacvtap("vtapa", MacvlanMode.Vepa, GuestA);
        lab.AddMacvtap("vtapb", MacvlanMode.Vepa, GuestB);
        using var a = lab.OpenQueue("vtapa");
        using var b = lab.OpenQueue("vtapb");
        using var switchPort = lab.WatchSwitchPort();

        // Without reflective relay the frame goes out to the switch and never comes back.
        a[0].WriteFrame(EthernetFrame.Marked(GuestB, GuestA, "vepa-no-hairpin"));
        Assert.NotNull(switchPort.WaitFor("vepa-no-hairpin", QueueReading.Arrival));
        Assert.Null(b[0].WaitFor("vepa-no-hairpin", QueueReading.Absence));

        lab.SetHairpin(true);
        a[0].WriteFrame(EthernetFrame.Marked(GuestB, GuestA, "vepa-hairpin"));
        Assert.NotNull(switchPort.WaitFor("vepa-hairpin", QueueReading.Arrival));
        Assert.NotNull(b[0].WaitFor("vepa-hairpin", QueueReading.Arrival));

        // Broadcast is reflected too (contrast with private mode below).
        a[0].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, GuestA, "vepa-broadcast"));
        Assert.NotNull(b[0].WaitFor("vepa-broadcast", QueueReading.Arrival));
    }

    [Fact]
    public void Private_mode_blocks_sibling_broadcast_even_through_hairpin_but_not_reflected_unicast()
    {
        using var lab = SwitchLab.Create("mpriv");
        lab.AddMacvtap("vtapa", MacvlanMode.Private, GuestA);
        lab.AddMacvtap("vtapb", MacvlanMode.Private, GuestB);
        lab.SetHairpin(true);
        using var a = lab.OpenQueue("vtapa");
        using var b = lab.OpenQueue("vtapb");
        using var switchPort = lab.WatchSwitchPort();

        a[0].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, GuestA, "private-broadcast"));
        Assert.NotNull(switchPort.WaitFor("private-broadcast", QueueReading.Arrival));
        Assert.Null(b[0].WaitFor("private-broadcast", QueueReading.Absence));

        // Measured on kernel 6.18 (PLATFORM.md): a unicast frame reflected by a hairpin switch does
        // reach the sibling. Private mode is broadcast isolation, not a unicast firewall; Tapyard
        // must not promise more. If this assertion ever fails, the kernel got stricter.
        a[0].WriteFrame(EthernetFrame.Marked(GuestB, GuestA, "private-unicast"));
        Assert.NotNull(b[0].WaitFor("private-unicast", QueueReading.Arrival));

        // Frames from the outside still reach a private macvtap.
        using var outside = lab.WatchSwitchPort();
        outside.Send(EthernetFrame.Marked(GuestA, MacAddress.Parse("52:54:00:ee:ee:ee"), "outside-to-a"));
        Assert.NotNull(a[0].WaitFor("outside-to-a", QueueReading.Arrival));
    }

    [Fact]
    public void Passthru_takes_over_the_lower_device_and_gives_it_back()
    {
        using var lab = SwitchLab.Create("mpass");
        var links = lab.Node.Netlink.Links;
        var lowerBefore = links.Get(SwitchLab.Uplink);
        Assert.Equal(0, lowerBefore.Promiscuity);

        // The requested MAC is ignored: a passthru macvtap wears the lower device's MAC.
        var tap = lab.AddMacvtap("vtapp", MacvlanMode.Passthru, GuestA);
        Assert.Equal(lowerBefore.Mac, links.Get("vtapp").Mac);
        Assert.Equal(lowerBefore.Mac?.ToString(), Ip.Link(lab.Node.Name, "vtapp").GetProperty("address").GetString());
        // The lower device goes promiscuous.
        Assert.True(links.Get(SwitchLab.Uplink).Promiscuity > 0);
        Assert.True(Ip.Link(lab.Node.Name, SwitchLab.Uplink).GetProperty("promiscuity").GetInt32() > 0);

        // Exclusive: nothing else fits beside it.
        Assert.Throws<Tapyard.Linux.Errors.PassthruConflictException>(() => lab.AddMacvtap("vtapq", MacvlanMode.Bridge, GuestB));

        // Setting the macvtap's MAC sets the lower device's.
        links.Change("vtapp", new LinkChange { Mac = GuestB });
        Assert.Equal(GuestB.ToString(), Ip.Link(lab.Node.Name, SwitchLab.Uplink).GetProperty("address").GetString());

        // A guest on passthru receives frames for its MAC from the wire.
        using (var q = lab.OpenQueue("vtapp"))
        using (var switchPort = lab.WatchSwitchPort())
        {
            switchPort.Send(EthernetFrame.Marked(GuestB, MacAddress.Parse("52:54:00:ee:ee:ee"), "to-passthru"));
            Assert.NotNull(q[0].WaitFor("to-passthru", QueueReading.Arrival));
        }

        // Deleting the macvtap restores the lower device's MAC and promiscuity.
        links.Delete(tap.Index);
        var lowerAfter = Ip.Link(lab.Node.Name, SwitchLab.Uplink);
        Assert.Equal(lowerBefore.Mac?.ToString(), lowerAfter.GetProperty("address").GetString());
        Assert.Equal(0, lowerAfter.GetProperty("promiscuity").GetInt32());
    }
}
