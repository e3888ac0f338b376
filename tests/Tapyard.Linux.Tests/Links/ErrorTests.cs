using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

/// <summary>
/// Every refusal comes as a typed exception with one sentence naming the device and the cause, and
/// changes nothing: the namespace's links, as ip lists them, are the same before and after.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ErrorTests
{
    [Fact]
    public void Device_already_exists_and_the_existing_device_is_left_alone()
    {
        using var ns = TestNamespace.Create("exists");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0" });
        string before = Snapshot(ns);

        // Up and addr-gen-mode are applied after a create: they must never reach the existing device.
        var e = Assert.Throws<LinkExistsException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Up = true, DisableIpv6AddressGeneration = true }));
        Assert.Equal("device vtap0 already exists; choose another name or delete it first", e.Message);
        Assert.Equal(LinuxErrno.EEXIST, e.Errno);
        Assert.Equal(before, Snapshot(ns));
        Assert.Equal("eui64", Ip.Link(ns.Name, "vtap0").String("inet6_addr_gen_mode"));

        var peer = Assert.Throws<LinkExistsException>(() => links.Create(new VethLinkSpec { Name = "up9", PeerName = "up0p" }));
        Assert.Equal("device up0p already exists; choose another name or delete it first", peer.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Explicit_ifindex_already_in_use()
    {
        using var ns = TestNamespace.Create("idxused");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        var taken = links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0" });
        string before = Snapshot(ns);

        var e = Assert.Throws<LinkIndexInUseException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap1", Lower = "up0", Index = taken.Index }));

        Assert.Equal($"cannot create vtap1: ifindex {taken.Index} is already used by vtap0; choose another index", e.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Lower_device_does_not_exist()
    {
        using var ns = TestNamespace.Create("nolower");
        var links = ns.Netlink.Links;
        string before = Snapshot(ns);

        var byName = Assert.Throws<LowerDeviceMissingException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "eth9" }));
        Assert.Equal("lower device eth9 does not exist (needed by vtap0); create it or pick an existing link", byName.Message);
        // Given by index, the lookup is skipped and the kernel's ENODEV says the same.
        var byIndex = Assert.Throws<LowerDeviceMissingException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "eth9", LowerIndex = 999_999 }));
        Assert.Equal("lower device eth9 does not exist (needed by vtap0); create it or pick an existing link", byIndex.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Second_passthru_macvtap_on_one_lower_device()
    {
        using var ns = TestNamespace.Create("passthru2");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Mode = MacvlanMode.Passthru });
        string before = Snapshot(ns);

        var second = Assert.Throws<PassthruConflictException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap1", Lower = "up0", Mode = MacvlanMode.Passthru }));
        Assert.Equal("cannot create vtap1: vtap0 already uses lower device up0 in passthru mode, which needs the lower device to itself", second.Message);

        var beside = Assert.Throws<PassthruConflictException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap2", Lower = "up0", Mode = MacvlanMode.Bridge }));
        Assert.Equal("cannot create vtap2: vtap0 already uses lower device up0 in passthru mode, which needs the lower device to itself", beside.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Passthru_macvtap_beside_existing_ones()
    {
        using var ns = TestNamespace.Create("passthru1");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Mode = MacvlanMode.Bridge });
        links.Create(new MacvlanLinkSpec { Name = "mvl0", Lower = "up0", Tap = false });
        string before = Snapshot(ns);

        var e = Assert.Throws<PassthruConflictException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap1", Lower = "up0", Mode = MacvlanMode.Passthru }));

        Assert.Equal("cannot create passthru vtap1: lower device up0 already carries vtap0, mvl0; passthru needs the lower device to itself", e.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    /// <summary>macvlan's EINVAL also means "MTU above the lower device's": that must not read as a passthru conflict.</summary>
    [Fact]
    public void Mtu_above_the_lower_device()
    {
        using var ns = TestNamespace.Create("bigmtu");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        string before = Snapshot(ns);

        var e = Assert.Throws<TapyardLinuxException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Mtu = 9000 }));

        Assert.Equal("cannot create vtap0: MTU 9000 is larger than lower device up0's MTU 1500; raise the lower device's MTU first", e.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    /// <summary>
    /// Invalid names, MACs and VLAN ids are refused before any syscall: the proof is a closed
    /// socket, which the control case shows fails with ObjectDisposedException the moment it is used.
    /// </summary>
    [Fact]
    public void Invalid_names_macs_and_vlan_ids_are_refused_before_any_syscall()
    {
        using var ns = TestNamespace.Create("validate");
        var closed = Rtnetlink.Open(ns.Namespace);
        closed.Dispose();
        var links = closed.Links;
        var multicast = MacAddress.FromBytes([0x01, 0x00, 0x5e, 0x00, 0x00, 0x01]);
        var zero = MacAddress.FromBytes(new byte[6]);

        Assert.Throws<ObjectDisposedException>(() => links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" }));

        var longName = Assert.Throws<InvalidLinkNameException>(() => links.Create(new MacvlanLinkSpec { Name = "macvtap-for-vm-42", Lower = "up0" }));
        Assert.Equal("invalid device name 'macvtap-for-vm-42': it is 17 bytes long; device names hold at most 15 bytes", longName.Message);
        // 15 characters but 16 bytes in UTF-8: the limit is in bytes.
        var longBytes = Assert.Throws<InvalidLinkNameException>(() => links.Create(new VethLinkSpec { Name = "vé-0123456789ab", PeerName = "p0" }));
        Assert.Equal("invalid device name 'vé-0123456789ab': it is 16 bytes long; device names hold at most 15 bytes", longBytes.Message);
        var peerName = Assert.Throws<InvalidLinkNameException>(() => links.Create(new VethLinkSpec { Name = "up0", PeerName = "uplink-peer-of-up0" }));
        Assert.Contains("'uplink-peer-of-up0'", peerName.Message);
        Assert.Throws<InvalidLinkNameException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "a/b" }));
        Assert.Throws<InvalidLinkNameException>(() => links.Change("up0", new LinkChange { NewName = "a-name-too-long-for-linux" }));

        var mcast = Assert.Throws<InvalidMacAddressException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Mac = multicast }));
        Assert.Equal("invalid MAC address 01:00:5e:00:00:01 for vtap0: it is a multicast address (the first octet is odd); a device needs a unicast address", mcast.Message);
        var zeroMac = Assert.Throws<InvalidMacAddressException>(() => links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", PeerMac = zero }));
        Assert.Equal("invalid MAC address 00:00:00:00:00:00 for up0p: the all-zero address cannot be a device address", zeroMac.Message);
        Assert.Throws<InvalidMacAddressException>(() => links.Change("up0", new LinkChange { Mac = multicast }));

        foreach (ushort id in new ushort[] { 0, 4095, 65535 })
        {
            var vlan = Assert.Throws<InvalidVlanIdException>(() => links.Create(new VlanLinkSpec { Name = "up0.x", Lower = "up0", VlanId = id }));
            Assert.Equal($"VLAN id {id} for up0.x is out of range; use 1..4094", vlan.Message);
        }

        Assert.Equal(["lo"], IpLinks.Names(ns.Name));
    }

    [Fact]
    public void Not_permitted_without_CAP_NET_ADMIN()
    {
        using var ns = TestNamespace.Create("noperm");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        string before = Snapshot(ns);

        var (create, change, delete) = WithoutCapability.Run(WithoutCapability.NetAdmin, () => (
            Assert.Throws<NotPermittedException>(() => links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0" })),
            Assert.Throws<NotPermittedException>(() => links.SetUp("up0", true)),
            Assert.Throws<NotPermittedException>(() => links.Delete("up0"))));

        Assert.Equal("creating macvtap vtap0 on up0: not permitted; run as root (needs CAP_NET_ADMIN)", create.Message);
        Assert.Equal("changing device up0: not permitted; run as root (needs CAP_NET_ADMIN)", change.Message);
        Assert.Equal("deleting device up0: not permitted; run as root (needs CAP_NET_ADMIN)", delete.Message);
        Assert.Equal(LinuxErrno.EPERM, create.Errno);
        Assert.Equal(before, Snapshot(ns));
        // The capability was dropped on that thread only: this one still creates devices.
        Assert.True(WithoutCapability.Has(WithoutCapability.NetAdmin));
        links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0" });
    }

    [Fact]
    public void Rename_or_move_onto_a_taken_name()
    {
        using var ns = TestNamespace.Create("taken");
        using var target = TestNamespace.Create("takento");
        using var targetHandle = target.Namespace.OpenHandle();
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        target.Netlink.Links.Create(new VethLinkSpec { Name = "up0", PeerName = "other" });
        string before = Snapshot(ns);

        var rename = Assert.Throws<LinkExistsException>(() => links.Change("up0", new LinkChange { NewName = "up0p" }));
        Assert.Equal("device up0p already exists; choose another name or delete it first", rename.Message);
        var move = Assert.Throws<LinkExistsException>(() => links.Change("up0", new LinkChange { Namespace = targetHandle }));
        Assert.Equal("device up0 already exists; choose another name or delete it first", move.Message);
        var missing = Assert.Throws<LinkNotFoundException>(() => links.Change("nosuch", new LinkChange { Mtu = 1400 }));
        Assert.Equal("device nosuch does not exist", missing.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    /// <summary>Name, index, kind, flags, MTU, MAC and group of every link: what "changed nothing" compares.</summary>
    private static string Snapshot(TestNamespace ns) => string.Join("\n", IpLinks.All(ns.Name)
        .Select(l => $"{l.Int("ifindex")} {l.String("ifname")} {l.Get("linkinfo", "info_kind")} {string.Join(',', l.Flags())} {l.Int("mtu")} {l.Get("address")} {l.String("group")} {l.Get("inet6_addr_gen_mode")}")
        .Order());
}
