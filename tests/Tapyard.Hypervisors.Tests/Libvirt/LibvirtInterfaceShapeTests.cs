using Tapyard.Core.Nics;
using Tapyard.Hypervisors.Libvirt;
using static Tapyard.Hypervisors.Tests.Libvirt.LibvirtTestNics;

namespace Tapyard.Hypervisors.Tests.Libvirt;

/// <summary>The exact element each NIC mode gives (the shapes libvirt's documentation and Nova use).</summary>
public class LibvirtInterfaceShapeTests
{
    private static readonly LibvirtNicOptions Options = new() { Instance = "web1", Node = "n1" };

    private static string Xml(LibvirtInterface nic) => LibvirtInterfaceXml.Build(nic).ToString(System.Xml.Linq.SaveOptions.DisableFormatting);

    [Theory]
    [InlineData(MvtapMode.Vepa, "vepa")]
    [InlineData(MvtapMode.Bridge, "bridge")]
    [InlineData(MvtapMode.Private, "private")]
    [InlineData(MvtapMode.Passthru, "passthrough")]
    public void Macvtap_is_direct_with_libvirts_mode_names(MvtapMode mode, string libvirtMode)
    {
        var nic = LibvirtNicInterfaces.For(Nic(0, NicMode.Macvtap, "eth0", mvtap: mode), Options);
        Assert.Equal(
            $"<interface type=\"direct\"><mac address=\"aa:00:00:00:00:01\" /><source dev=\"eth0\" mode=\"{libvirtMode}\" /><model type=\"virtio\" /></interface>",
            Xml(nic));
    }

    [Fact]
    public void Macvtap_with_vlan_sits_on_link_dot_vlan()
    {
        var nic = LibvirtNicInterfaces.For(Nic(0, NicMode.Macvtap, "eth0", vlan: 100), Options);
        Assert.Contains("<source dev=\"eth0.100\" mode=\"bridge\" />", Xml(nic));
        Assert.DoesNotContain("<vlan>", Xml(nic));
    }

    [Fact]
    public void Multi_queue_gives_a_vhost_driver_with_one_queue_per_vcpu()
    {
        var nic = LibvirtNicInterfaces.For(Nic(0, NicMode.Macvtap, "eth0"), Options with { Vcpus = 4 });
        Assert.EndsWith("<model type=\"virtio\" /><driver name=\"vhost\" queues=\"4\" /></interface>", Xml(nic));
        var noVhost = LibvirtNicInterfaces.For(Nic(0, NicMode.Macvtap, "eth0"), Options with { Vcpus = 2, VhostNet = false });
        Assert.Contains("<driver name=\"qemu\" queues=\"2\" />", Xml(noVhost));
    }

    [Fact]
    public void Bridged_is_a_bridge_source()
    {
        Assert.Equal(
            "<interface type=\"bridge\"><mac address=\"aa:00:00:00:00:01\" /><source bridge=\"br0\" /><model type=\"virtio\" /></interface>",
            Xml(LibvirtNicInterfaces.For(Nic(0, NicMode.Bridged, "br0"), Options)));
    }

    [Fact]
    public void Bridged_with_vlan_is_refused_as_libvirt_would_refuse_it_at_start()
    {
        var e = Assert.Throws<LibvirtXmlException>(() => LibvirtNicInterfaces.For(Nic(2, NicMode.Bridged, "br0", vlan: 7), Options));
        Assert.Equal("NIC 2 of instance web1 is bridged with vlan 7: libvirt refuses a VLAN tag on a Linux bridge port; use --prepared-devices (Tapyard plugs the tap with its VLAN) or mode=openvswitch", e.Message);
    }

    [Fact]
    public void Openvswitch_is_a_bridge_with_an_openvswitch_virtualport_and_vlan()
    {
        var uuid = Guid.Parse("0a0b0c0d-1111-2222-3333-444455556666");
        Assert.Equal(
            "<interface type=\"bridge\"><mac address=\"aa:00:00:00:00:01\" /><source bridge=\"br-int\" /><vlan><tag id=\"42\" /></vlan>"
            + "<virtualport type=\"openvswitch\"><parameters interfaceid=\"0a0b0c0d-1111-2222-3333-444455556666\" /></virtualport><model type=\"virtio\" /></interface>",
            Xml(LibvirtNicInterfaces.For(Nic(0, NicMode.OpenVswitch, "br-int", vlan: 42, uuid: uuid), Options)));
    }

    [Fact]
    public void Routed_is_ethernet_on_the_plugged_tap_unmanaged()
    {
        var uuid = Guid.NewGuid();
        var options = Options with { PluggedDevices = new Dictionary<Guid, string> { [uuid] = "tyr0" } };
        Assert.Equal(
            "<interface type=\"ethernet\"><mac address=\"aa:00:00:00:00:01\" /><target dev=\"tyr0\" managed=\"no\" /><model type=\"virtio\" /></interface>",
            Xml(LibvirtNicInterfaces.For(Nic(0, NicMode.Routed, "eth0", uuid: uuid), options)));
    }

    [Fact]
    public void Routed_without_a_plugged_tap_is_refused()
    {
        var e = Assert.Throws<LibvirtXmlException>(() => LibvirtNicInterfaces.For(Nic(2, NicMode.Routed, "eth0"), Options));
        Assert.StartsWith("NIC 2 of instance web1 has no plugged device on node n1; a routed NIC's tap", e.Message);
    }

    [Fact]
    public void Prepared_devices_make_every_nic_ethernet_on_its_device_without_bandwidth()
    {
        var a = Nic(0, NicMode.Macvtap, "eth0", vlan: 5, bwIn: new BandwidthLimit(100), bwOut: new BandwidthLimit(200));
        var b = Nic(1, NicMode.OpenVswitch, "br-int", vlan: 9);
        var options = Options with
        {
            PreparedDevices = true,
            PluggedDevices = new Dictionary<Guid, string> { [a.Uuid] = "vtap0", [b.Uuid] = "tyo3" },
        };
        var nics = LibvirtNicInterfaces.For([a, b], options);
        Assert.Equal(
            "<interface type=\"ethernet\"><mac address=\"aa:00:00:00:00:01\" /><target dev=\"vtap0\" managed=\"no\" /><model type=\"virtio\" /></interface>",
            Xml(nics[0]));
        Assert.Contains("<target dev=\"tyo3\" managed=\"no\" />", Xml(nics[1]));
        Assert.DoesNotContain("vlan", Xml(nics[1]));
    }

    [Fact]
    public void Prepared_devices_of_an_unplugged_instance_are_refused()
    {
        var options = Options with { PreparedDevices = true };
        var e = Assert.Throws<LibvirtXmlException>(() => LibvirtNicInterfaces.For([Nic(0, NicMode.Macvtap, "eth0")], options));
        Assert.Equal("instance web1 has no plugged devices on node n1; start it or omit --prepared-devices", e.Message);
    }

    [Fact]
    public void Prepared_devices_with_one_nic_missing_name_it()
    {
        var a = Nic(0, NicMode.Macvtap, "eth0");
        var options = Options with { PreparedDevices = true, PluggedDevices = new Dictionary<Guid, string> { [a.Uuid] = "vtap0" } };
        var e = Assert.Throws<LibvirtXmlException>(() => LibvirtNicInterfaces.For([a, Nic(1, NicMode.Bridged, "br0")], options));
        Assert.StartsWith("NIC 1 of instance web1 has no plugged device on node n1; --prepared-devices needs it", e.Message);
    }

    [Fact]
    public void Bandwidth_goes_to_inbound_and_outbound_in_libvirt_units()
    {
        var nic = LibvirtNicInterfaces.For(Nic(0, NicMode.Bridged, "br0", bwIn: new BandwidthLimit(1000, 2000, 512), bwOut: new BandwidthLimit(300)), Options);
        Assert.EndsWith("<bandwidth><inbound average=\"1000\" peak=\"2000\" burst=\"512\" /><outbound average=\"300\" /></bandwidth></interface>", Xml(nic));
        var outOnly = LibvirtNicInterfaces.For(Nic(0, NicMode.Bridged, "br0", bwOut: new BandwidthLimit(300, null, 64)), Options);
        Assert.EndsWith("<bandwidth><outbound average=\"300\" burst=\"64\" /></bandwidth></interface>", Xml(outOnly));
    }

    [Fact]
    public void A_nic_without_link_is_refused_with_the_fix()
    {
        var e = Assert.Throws<LibvirtXmlException>(() => LibvirtNicInterfaces.For(Nic(0, NicMode.Bridged, null), Options));
        Assert.Equal("NIC 0 of instance web1 (mode=bridged) has no link; give it one with 'instance modify' or set a cluster default with 'cluster modify -N mode=bridged,link=DEVICE'", e.Message);
    }

    [Fact]
    public void A_vlan_device_name_too_long_is_refused()
    {
        var e = Assert.Throws<LibvirtXmlException>(() => LibvirtNicInterfaces.For(Nic(0, NicMode.Macvtap, "enp0s31f6abcd", vlan: 4000), Options));
        Assert.StartsWith("NIC 0 of instance web1: the VLAN device name enp0s31f6abcd.4000 is invalid", e.Message);
    }
}
