using Tapyard.Linux.Links;
using Tapyard.Node.Tests.Support;
using Tapyard.Node.Verify;

namespace Tapyard.Node.Tests;

/// <summary>`node verify` on a real node namespace: each planted anomaly is reported once, fix clears the orphans only.</summary>
[Trait("Category", "Kernel")]
public sealed class VerifyTests
{
    private const string HealthyMac = "52:54:00:00:20:01";

    [Fact]
    public void Verify_reports_each_planted_anomaly_and_fix_clears_the_orphans_only()
    {
        using var lab = NodeLab.Create("verify");
        using var nics = lab.OpenNics();
        var links = lab.Node.Netlink.Links;
        using var healthy = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, HealthyMac)]);
        string healthyDevice = healthy.Nics[0].Device;

        // Orphan: a Tapyard-named macvtap with no record (its record was lost).
        Macvtap(links, "vtap90", "52:54:00:00:20:90");
        // Duplicate MAC: an orphan carrying the plugged NIC's MAC on the same lower device.
        Macvtap(links, "vtap91", HealthyMac);
        // A record whose device is gone, and an empty reservation left by a crash.
        nics.Records.Write(healthy.Records[0] with { Device = "vtap92", Ifindex = 0x7ff0_0000, Instance = "gone" });
        File.Create(nics.Records.PathOf("vtap93")).Dispose();
        // Both left behind long ago: fix leaves records younger than the grace period alone.
        foreach (string device in new[] { "vtap92", "vtap93" })
            File.SetLastWriteTimeUtc(nics.Records.PathOf(device), DateTime.UtcNow - NodeVerifier.RecordGracePeriod * 2);
        // Unrelated devices: someone else's macvtap, a macvlan with a vtap name, a veth pair.
        Macvtap(links, "guest0", "52:54:00:00:20:a0");
        links.CreateWithUniqueIndex(new MacvlanLinkSpec { Name = "vtapmv", Lower = NodeLab.Uplink, Tap = false });
        links.Create(new VethLinkSpec { Name = "vx0", PeerName = "vx1" });
        ConnectedLink[] connected = [new("net-up", NodeLab.Uplink), new("net-gone", "eth9")];

        var found = nics.Verify(connected, fix: false);
        Assert.Equal(
            [
                (VerifyFindingKind.OrphanDevice, "vtap90"),
                (VerifyFindingKind.OrphanDevice, "vtap91"),
                (VerifyFindingKind.RecordWithoutDevice, "vtap92"),
                (VerifyFindingKind.EmptyReservation, "vtap93"),
                (VerifyFindingKind.DuplicateMac, NodeLab.Uplink),
                (VerifyFindingKind.MissingNetworkLink, "eth9"),
            ],
            found.Findings.Select(f => (f.Kind, f.Device)).OrderBy(f => f.Kind).ThenBy(f => f.Device, StringComparer.Ordinal));
        Assert.Contains(healthyDevice, found.Findings.Single(f => f.Kind == VerifyFindingKind.DuplicateMac).Detail);
        Assert.DoesNotContain(found.Findings, f => f.Fixed);

        var fixedResult = nics.Verify(connected, fix: true);
        // Only the missing network link is left: it needs an admin, not a delete.
        var left = Assert.Single(fixedResult.Remaining);
        Assert.Equal(VerifyFindingKind.MissingNetworkLink, left.Kind);
        var names = links.List().Select(l => l.Name).ToHashSet();
        Assert.DoesNotContain("vtap90", names);
        Assert.DoesNotContain("vtap91", names);
        Assert.Subset(names, new HashSet<string> { healthyDevice, "guest0", "vtapmv", "vx0", "vx1", NodeLab.Uplink });
        Assert.Equal([healthyDevice], nics.Records.ReservedNames());

        var again = nics.Verify([new("net-up", NodeLab.Uplink)], fix: false);
        Assert.True(again.Clean, string.Join("; ", again.Findings));
        nics.Unplug(healthy);
    }

    [Fact]
    public void A_clean_node_with_plugged_nics_has_no_findings_and_fix_changes_nothing()
    {
        using var lab = NodeLab.Create("verclean");
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:00:21:01"), NodeLab.Nic(1, "52:54:00:00:21:02")]);
        var result = nics.Verify([new("net", NodeLab.Uplink)], fix: true);
        Assert.Empty(result.Findings);
        Assert.Equal(2, lab.Macvtaps().Count);
        nics.Unplug(plugged);
    }

    [Fact]
    public void Fix_leaves_a_fresh_record_without_its_device_alone_as_a_plug_may_be_in_flight()
    {
        using var lab = NodeLab.Create("verfresh");
        using var nics = lab.OpenNics();
        using var healthy = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, HealthyMac)]);
        // What a plug looks like between writing its record and creating its device.
        nics.Records.Write(healthy.Records[0] with { Device = "vtap94", Ifindex = 0x7ff0_0001, Instance = "starting" });
        File.Create(nics.Records.PathOf("vtap95")).Dispose();

        var result = nics.Verify([new("net", NodeLab.Uplink)], fix: true);

        Assert.Equal(["vtap94", "vtap95"], result.Remaining.Select(f => f.Device).Order(StringComparer.Ordinal));
        Assert.All(result.Remaining, f => Assert.Contains("a plug may be in flight", f.Detail));
        Assert.Contains("vtap94", nics.Records.ReservedNames());
        Assert.Contains("vtap95", nics.Records.ReservedNames());
        nics.Unplug(healthy);
    }

    [Fact]
    public void A_corrupt_record_is_its_own_finding_and_its_device_is_no_orphan_and_fix_leaves_both_alone()
    {
        using var lab = NodeLab.Create("vercorrupt");
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, HealthyMac)]);
        string device = plugged.Nics[0].Device;
        File.WriteAllText(nics.Records.PathOf(device), "{\"instance\": \"web1\", trunc");
        File.WriteAllText(nics.Records.PathOf("vtap96"), "not json");
        foreach (string name in new[] { device, "vtap96" })
            File.SetLastWriteTimeUtc(nics.Records.PathOf(name), DateTime.UtcNow - NodeVerifier.RecordGracePeriod * 2);

        var found = nics.Verify([], fix: false);
        Assert.Equal(
            [
                $"CorruptRecord {device}: corrupt record {device}.json: it cannot be read, so device {device} is left alone; repair the file, or remove it once {device} is not in use",
                "CorruptRecord vtap96: corrupt record vtap96.json: it cannot be read and no device vtap96 exists; remove the file",
            ],
            found.Findings.Select(f => $"{f.Kind} {f.Device}: {f.Detail}"));

        var fixedResult = nics.Verify([], fix: true);
        Assert.Equal(2, fixedResult.Remaining.Count());
        Assert.Single(lab.Macvtaps());
        Assert.Contains(device, nics.Records.ReservedNames());
        Assert.Contains("vtap96", nics.Records.ReservedNames());

        File.Delete(nics.Records.PathOf("vtap96"));
        nics.Records.Write(plugged.Records[0]);
        nics.Unplug(plugged);
    }

    /// <summary>
    /// libvirt's own direct-mode macvtaps (type='direct' without a target: macvtapN, or macvlanN) are
    /// libvirt's to create and delete: node verify must not call them orphans nor fix them away.
    /// </summary>
    [Fact]
    public void An_ifb_named_after_a_tapyard_device_without_a_record_is_an_orphan_and_fix_deletes_only_it()
    {
        using var lab = NodeLab.Create("verifb");
        using var nics = lab.OpenNics();
        var links = lab.Node.Netlink.Links;
        // A shaped NIC: its ifb is recorded, so it is live.
        var shaped = NodeLab.Nic(0, "52:54:00:00:21:01") with { BwIn = new Core.Nics.BandwidthLimit(1000) };
        using var plugged = nics.Plug(NodeLab.Instance("bw1"), [shaped]);
        string liveIfb = nics.Records.TryRead(plugged.Nics[0].Device)!.Ifb!;
        // Left by a crash after its device went; and ifbs that are not Tapyard's (the module's own names, anyone's).
        links.Create(new IfbLinkSpec { Name = "ifbvtap77" });
        links.Create(new IfbLinkSpec { Name = "ifb9" });
        links.Create(new IfbLinkSpec { Name = "ifbshaper" });

        var found = nics.Verify([], fix: false);
        var orphan = Assert.Single(found.Findings);
        Assert.Equal((VerifyFindingKind.OrphanDevice, "ifbvtap77"), (orphan.Kind, orphan.Device));

        var fixedResult = nics.Verify([], fix: true);
        Assert.True(Assert.Single(fixedResult.Findings).Fixed);
        Assert.False(Ip.LinkExists(lab.Node.Name, "ifbvtap77"));
        Assert.True(Ip.LinkExists(lab.Node.Name, liveIfb));
        Assert.True(Ip.LinkExists(lab.Node.Name, "ifb9"));
        Assert.True(Ip.LinkExists(lab.Node.Name, "ifbshaper"));
        nics.Unplug(plugged);
        Assert.False(Ip.LinkExists(lab.Node.Name, liveIfb));
    }

    [Fact]
    public void Libvirt_made_direct_macvtaps_are_not_orphans()
    {
        using var lab = NodeLab.Create("verifylv");
        using var nics = lab.OpenNics();
        var links = lab.Node.Netlink.Links;
        Macvtap(links, "macvtap0", "52:54:00:00:30:01");
        Macvtap(links, "macvtap1", "52:54:00:00:30:02");

        Assert.Empty(nics.Verify([], fix: false).Findings);
        Assert.Empty(nics.Verify([], fix: true).Findings);
        Assert.Subset(links.List().Select(l => l.Name).ToHashSet(), new HashSet<string> { "macvtap0", "macvtap1" });
    }

    private static void Macvtap(LinkOperations links, string name, string mac) =>
        links.CreateWithUniqueIndex(new MacvlanLinkSpec { Name = name, Lower = NodeLab.Uplink, Mac = MacAddress.Parse(mac) });
}
