using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Tapyard.Hypervisors.Nova;
using Tapyard.Linux.Links;
using Tapyard.Linux.Processes;
using Tapyard.Linux.Tap;
using Tapyard.Node;
using Tapyard.Node.Verify;

namespace Tapyard.Hypervisors.Tests.Nova;

/// <summary>
/// vif_type tap (Nova's plug_tap) on a node namespace of our own: a tap named devname connected to
/// nothing. `ip -d -j` reads what was made; a queue opened through /dev/net/tun by name carries frames
/// both ways, the test's address on the tap standing in for the Neutron agent's wiring.
/// </summary>
[Trait("Category", "Kernel")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NovaTapVifTests : IDisposable
{
    private const string Devname = "tap7c1e5a4f-2b";
    private const string GuestMac = "fa:16:3e:11:22:36";
    private const string TapMac = "00:61:fe:ed:ca:fe";
    private static readonly MacAddress Foreign = MacAddress.Parse("52:54:00:ee:ee:ee");
    private static readonly IPAddress HostIp = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress GuestIp = IPAddress.Parse("192.0.2.10");

    private readonly TestNamespace _ns = TestNamespace.Create("novatap");
    private readonly TempDirectory _run = new("novatap");
    private readonly NodeNics _nics;
    private readonly NovaVifPlugger _plugger;

    public NovaTapVifTests()
    {
        _nics = new NodeNics("n1", _ns.Namespace, _run.Path);
        _plugger = new NovaVifPlugger(_nics);
    }

    private static NovaVif Vif(string? tapMac = TapMac, int? mtu = 1450)
    {
        var json = NovaVifJson.Tap();
        if (tapMac is not null)
            json["details"] = new JsonObject { ["tap_mac_address"] = tapMac };
        if (mtu is not null)
            json["network"] = new JsonObject { ["meta"] = new JsonObject { ["mtu"] = mtu } };
        return NovaVif.Parse(json.ToJsonString());
    }

    private static IEnumerable<string?> Flags(System.Text.Json.JsonElement link) => link.GetProperty("flags").EnumerateArray().Select(f => f.GetString());

    [Fact]
    public void Plug_makes_a_down_persistent_vnet_hdr_tap_named_devname_with_tap_mac_and_mtu_on_nothing_and_unplug_removes_it()
    {
        var result = _plugger.Plug(Vif());

        var device = Assert.Single(result.Devices);
        var link = Ip.Link(_ns.Name, Devname);
        Assert.Equal(new NovaVifDevice(Devname, link.GetProperty("ifindex").GetInt32(), "/dev/net/tun", GuestMac, "tap", null, null, false), device);
        Assert.Equal("tun", link.Get("linkinfo", "info_kind")?.GetString());
        Assert.Equal("tap", link.Get("linkinfo", "info_data", "type")?.GetString());
        Assert.True(link.Get("linkinfo", "info_data", "vnet_hdr")?.GetBoolean());
        Assert.False(link.Get("linkinfo", "info_data", "multi_queue")?.GetBoolean(), "one queue: no IFF_MULTI_QUEUE, as libvirt opens it");
        Assert.True(link.Get("linkinfo", "info_data", "persist")?.GetBoolean());
        Assert.Equal(TapMac, link.GetProperty("address").GetString());
        Assert.Equal(1450, link.GetProperty("mtu").GetInt32());
        Assert.False(link.TryGetProperty("master", out _), "a tap VIF is connected to nothing");
        Assert.Equal("none", link.GetProperty("inet6_addr_gen_mode").GetString());
        Assert.DoesNotContain("UP", Flags(link));

        var record = _nics.Records.TryRead(Devname)!;
        Assert.Equal(("vif-" + NovaVifJson.Id, "tap", device.Ifindex, GuestMac, "tapyard_" + Devname),
            (record.Instance, record.Mode, record.Ifindex, record.Mac, record.SpoofTable));
        Assert.Equal(["tapyard_" + Devname], _nics.Spoof.List());
        Assert.True(_nics.Verify([], fix: false).Clean, "node verify lists a healthy tap VIF");
        // The hypervisor's single queue (no IFF_MULTI_QUEUE, as libvirt and QEMU ask for one queue) attaches by name.
        using (var queue = TapDevices.Attach(_ns.Namespace, Devname, 1, new TapQueueOptions { VnetHeader = true, MultiQueue = false, RuntimeDirectory = _run.Path }))
            Assert.Equal(Devname, Assert.Single(queue).Device);

        var unplug = _plugger.Unplug(Vif());
        Assert.Equal([Devname], unplug.DevicesRemoved);
        Assert.Equal([Devname], unplug.RecordsRemoved);
        Assert.False(Ip.LinkExists(_ns.Name, Devname));
        Assert.Empty(_nics.Records.ReservedNames());
        Assert.Empty(_nics.Spoof.List());
        Assert.True(_plugger.Unplug(Vif()).NothingWasPlugged, "unplugging a VIF that is not plugged is no error");
    }

    [Fact]
    public void Without_tap_mac_address_or_mtu_the_tap_gets_tapyards_host_side_mac_and_the_kernels_mtu()
    {
        _plugger.Plug(Vif(tapMac: null, mtu: null));

        var link = Ip.Link(_ns.Name, Devname);
        Assert.Equal("fe:16:3e:11:22:36", link.GetProperty("address").GetString());
        Assert.Equal(1500, link.GetProperty("mtu").GetInt32());
        _plugger.Unplug(Vif());
    }

    [Fact]
    public void Two_queues_opened_by_name_exchange_frames_with_the_host_and_a_foreign_source_mac_is_dropped()
    {
        _plugger.Plug(Vif(), up: true, queues: 2);
        Assert.True(Ip.Link(_ns.Name, Devname).Get("linkinfo", "info_data", "multi_queue")?.GetBoolean());
        using var queues = TapDevices.Attach(_ns.Namespace, Devname, 2, new TapQueueOptions { VnetHeader = true, MultiQueue = true, RuntimeDirectory = _run.Path });
        // What the agent would do (Calico routes to the tap): an address on the host side, the guest as a neighbour.
        Ip.Run("-n", _ns.Name, "addr", "add", $"{HostIp}/24", "dev", Devname);
        Ip.Run("-n", _ns.Name, "neigh", "replace", GuestIp.ToString(), "lladdr", GuestMac, "dev", Devname, "nud", "permanent");
        using var socket = _ns.Namespace.Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Frames.Arrival.TotalMilliseconds };
            s.Bind(new IPEndPoint(HostIp, 40000));
            return s;
        });
        var guest = MacAddress.Parse(GuestMac);
        var tap = MacAddress.Parse(TapMac);

        // The forged frame goes first: when the guest's own one has arrived, the forged one had its chance.
        queues[0].WriteFrame(Packets.Udp(tap, Foreign, GuestIp, HostIp, "forged-mac"));
        queues[1].WriteFrame(Packets.Udp(tap, guest, GuestIp, HostIp, "own-mac"));
        Assert.Equal(["own-mac"], ReceiveUntil(socket, "own-mac"));
        socket.ReceiveTimeout = (int)Frames.Absence.TotalMilliseconds;
        Assert.Empty(ReceiveUntil(socket, "forged-mac"));

        socket.SendTo("to-guest"u8.ToArray(), new IPEndPoint(GuestIp, 40000));
        Assert.True(queues.Count == 2 && ReceivesOn(queues, [.. guest.ToBytes(), .. tap.ToBytes()]),
            "the host's datagram did not reach the guest's queues from the tap's MAC");
        _plugger.Unplug(Vif());
    }

    /// <summary>
    /// How libvirt and Nova's guests open the tap: QEMU by name (-netdev tap,ifname=), with IFF_MULTI_QUEUE
    /// only for several queues. The kernel refuses a mismatch, so the plug's queue count must be the guest's.
    /// </summary>
    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(2, 2, true)]
    [InlineData(2, 1, false)]
    public void Qemu_opens_the_tap_by_name_when_its_queue_count_is_the_plugs(int plugged, int opened, bool opens)
    {
        _plugger.Plug(Vif(), up: true, queues: plugged);
        string netdev = $"tap,id=n0,ifname={Devname},script=no,downscript=no,vhost=off" + (opened > 1 ? $",queues={opened}" : "");
        string device = $"virtio-net-pci,netdev=n0,mac={GuestMac}" + (opened > 1 ? $",mq=on,vectors={2 * opened + 2}" : "");
        string log = _run.File("qemu.log");
        var qemu = ProcessSpawner.Spawn(new SpawnRequest
        {
            Program = "ip",
            Arguments = ["netns", "exec", _ns.Name, "qemu-system-x86_64", "-S", "-nodefaults", "-display", "none", "-accel", "tcg", "-m", "64",
                "-netdev", netdev, "-device", device],
            OutputPath = log,
        });
        try
        {
            // Opened: the tap has a queue, so the kernel reports carrier (LOWER_UP) on the up device.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (qemu.WaitForExit(TimeSpan.FromMilliseconds(100)) is null && !Flags(Ip.Link(_ns.Name, Devname)).Contains("LOWER_UP")
                   && clock.Elapsed < TimeSpan.FromSeconds(60)) { }
            if (opens)
                Assert.True(qemu.Exit is null && Flags(Ip.Link(_ns.Name, Devname)).Contains("LOWER_UP"), $"QEMU did not open {Devname}: {File.ReadAllText(log)}");
            else
                Assert.Contains($"could not configure /dev/net/tun ({Devname}): Invalid argument", File.ReadAllText(log));
        }
        finally
        {
            qemu.Kill(); // (reaps it when it ended already)
        }
        _plugger.Unplug(Vif());
    }

    [Fact]
    public void After_a_crash_that_left_record_and_device_plugging_again_replaces_the_device()
    {
        int before = _plugger.Plug(Vif()).Devices[0].Ifindex;
        // A new process finds the record and the device a crashed one left (nothing was unplugged).
        using var afterCrash = new NodeNics("n1", _ns.Namespace, _run.Path);

        int after = new NovaVifPlugger(afterCrash).Plug(Vif()).Devices[0].Ifindex;

        Assert.NotEqual(before, after);
        Assert.Equal(after, Ip.Link(_ns.Name, Devname).GetProperty("ifindex").GetInt32());
        Assert.Equal(after, afterCrash.Records.TryRead(Devname)!.Ifindex);
        Assert.Equal([Devname], afterCrash.Records.ReservedNames());
        Assert.True(afterCrash.Verify([], fix: false).Clean);
        new NovaVifPlugger(afterCrash).Unplug(Vif());
    }

    [Fact]
    public void A_stale_record_whose_device_is_gone_is_listed_by_verify_removed_by_fix_and_does_not_block_a_plug()
    {
        _plugger.Plug(Vif());
        Ip.Run("-n", _ns.Name, "link", "del", Devname);

        var finding = Assert.Single(_nics.Verify([], fix: false).Findings);
        Assert.Equal((VerifyFindingKind.RecordWithoutDevice, Devname), (finding.Kind, finding.Device));
        File.SetLastWriteTimeUtc(_nics.Records.PathOf(Devname), DateTime.UtcNow - NodeVerifier.RecordGracePeriod * 2);
        Assert.True(Assert.Single(_nics.Verify([], fix: true).Findings).Fixed);
        Assert.Empty(_nics.Records.ReservedNames());
        Assert.Empty(_nics.Spoof.List());

        // The same stale record again, swept by the next plug of the VIF.
        _plugger.Plug(Vif());
        Ip.Run("-n", _ns.Name, "link", "del", Devname);
        _plugger.Plug(Vif());
        Assert.True(Ip.LinkExists(_ns.Name, Devname));
        Assert.True(_nics.Verify([], fix: false).Clean);
        _plugger.Unplug(Vif());
    }

    [Fact]
    public void A_stale_record_and_someone_elses_new_device_of_that_name_the_sweep_drops_the_record_and_the_plug_refuses_the_device()
    {
        _plugger.Plug(Vif());
        Ip.Run("-n", _ns.Name, "link", "del", Devname);
        Ip.Run("-n", _ns.Name, "tuntap", "add", "dev", Devname, "mode", "tap");
        int foreign = Ip.Link(_ns.Name, Devname).GetProperty("ifindex").GetInt32();

        var finding = Assert.Single(_nics.Verify([], fix: false).Findings);
        Assert.Equal((VerifyFindingKind.RecordWithoutDevice, Devname), (finding.Kind, finding.Device));
        var error = Assert.Throws<NicPlugException>(() => _plugger.Plug(Vif()));

        Assert.Contains("has no Tapyard record, so it is someone else's and is left alone", error.Message);
        Assert.Equal(foreign, Ip.Link(_ns.Name, Devname).GetProperty("ifindex").GetInt32());
        Assert.Empty(_nics.Records.ReservedNames());
        Assert.Empty(_nics.Spoof.List()); // the stale table went with its record: 6.18 would hook it to the new device
        Assert.True(_nics.Verify([], fix: false).Clean);
    }

    [Fact]
    public void A_device_of_that_name_without_a_record_is_someone_elses_refused_untouched_and_never_an_orphan()
    {
        Ip.Run("-n", _ns.Name, "tuntap", "add", "dev", Devname, "mode", "tap");
        var before = Ip.Link(_ns.Name, Devname);

        var error = Assert.Throws<NicPlugException>(() => _plugger.Plug(Vif()));

        Assert.Equal($"cannot plug NIC 0 of instance vif-{NovaVifJson.Id} on node n1: device {Devname} for NIC 0 of instance vif-{NovaVifJson.Id}: "
            + $"a device {Devname} already exists on node n1 and has no Tapyard record, so it is someone else's and is left alone; remove it or give another devname; nothing was left behind",
            error.Message);
        var after = Ip.Link(_ns.Name, Devname);
        Assert.Equal((before.GetProperty("ifindex").GetInt32(), before.GetProperty("address").GetString(), before.GetProperty("mtu").GetInt32()),
            (after.GetProperty("ifindex").GetInt32(), after.GetProperty("address").GetString(), after.GetProperty("mtu").GetInt32()));
        Assert.Empty(_nics.Records.ReservedNames());
        Assert.Empty(_nics.Spoof.List());
        // A record-less tap* is nobody's orphan: verify lists nothing and fix leaves it.
        Assert.True(_nics.Verify([], fix: true).Clean);
        Assert.True(Ip.LinkExists(_ns.Name, Devname));
        Assert.True(_plugger.Unplug(Vif()).NothingWasPlugged);
        Assert.True(Ip.LinkExists(_ns.Name, Devname));
    }

    [Fact]
    public void A_name_another_vifs_record_holds_is_refused_and_that_vif_keeps_its_tap()
    {
        var first = _plugger.Plug(Vif());
        var other = NovaVif.Parse(NovaVifJson.Tap().ToJsonString().Replace(NovaVifJson.Id, "0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e"));

        var error = Assert.Throws<NicPlugException>(() => _plugger.Plug(other));

        Assert.Contains($"the name is recorded for NIC 0 of instance vif-{NovaVifJson.Id} on node n1; unplug that first or give another devname", error.Message);
        Assert.Equal(first.Devices[0].Ifindex, Ip.Link(_ns.Name, Devname).GetProperty("ifindex").GetInt32());
        Assert.Equal("vif-" + NovaVifJson.Id, _nics.Records.TryRead(Devname)!.Instance);
        _plugger.Unplug(Vif());
    }

    /// <summary>The datagrams read until <paramref name="last"/> came or the socket's timeout passed.</summary>
    private static List<string> ReceiveUntil(Socket socket, string last)
    {
        var seen = new List<string>();
        var buffer = new byte[2048];
        while (!seen.Contains(last))
        {
            int length;
            try { length = socket.Receive(buffer); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut) { break; }
            seen.Add(System.Text.Encoding.ASCII.GetString(buffer, 0, length));
        }
        return seen;
    }

    /// <summary>Whether a frame holding <paramref name="needle"/> arrives on any of the queues (the kernel picks one by flow hash).</summary>
    private static bool ReceivesOn(TapQueueSet queues, byte[] needle) =>
        queues.AsParallel().Any(queue => queue.Receives(needle, Frames.Arrival));

    public void Dispose()
    {
        try { _nics.Dispose(); }
        finally
        {
            try { _ns.Dispose(); }
            finally { _run.Dispose(); }
        }
    }
}
