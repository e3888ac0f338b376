using System.Text.Json.Nodes;
using Tapyard.Core.Nics;
using Tapyard.Hypervisors.Nova;

namespace Tapyard.Hypervisors.Tests.Nova;

public class NovaVifParseTests
{
    private static NovaVif Parse(JsonObject json) => NovaVif.Parse(json.ToJsonString());

    private static string Error(JsonObject json) => Assert.Throws<NovaVifException>(() => Parse(json)).Message;

    private static string Error(string text) => Assert.Throws<NovaVifException>(() => NovaVif.Parse(text)).Message;

    [Fact]
    public void Macvtap_with_vlan_reads_every_detail()
    {
        var vif = Parse(NovaVifJson.Macvtap(vlan: 100));
        Assert.Equal(NovaVifJson.Id, vif.Id);
        Assert.Equal("fa:16:3e:11:22:33", vif.Address.ToString());
        Assert.Equal(NovaVifType.Macvtap, vif.Type);
        Assert.Equal("tap7c1e5a4f-2b", vif.DeviceName);
        Assert.Equal("eth1.100", vif.Details.MacvtapSource);
        Assert.Equal(MvtapMode.Bridge, vif.Details.MacvtapMode);
        Assert.Equal("eth1", vif.Details.PhysicalInterface);
        Assert.Equal(100, vif.Details.Vlan);
        Assert.False(vif.Details.PortFilter);
        Assert.True(vif.Bandwidth.IsNone);
        Assert.Equal("net-1", vif.Network.Id);
        Assert.Null(vif.Network.Bridge);
    }

    [Fact]
    public void Vlan_may_be_a_json_number()
    {
        var json = NovaVifJson.Macvtap(vlan: 100);
        json["details"]!["vlan"] = 100;
        Assert.Equal(100, Parse(json).Details.Vlan);
    }

    [Fact]
    public void Neutron_vif_type_key_is_accepted()
    {
        var json = NovaVifJson.Tap();
        json.Remove("type");
        json["vif_type"] = "tap";
        Assert.Equal(NovaVifType.Tap, Parse(json).Type);
    }

    [Theory]
    [InlineData("vepa", MvtapMode.Vepa)]
    [InlineData("bridge", MvtapMode.Bridge)]
    [InlineData("private", MvtapMode.Private)]
    [InlineData("passthrough", MvtapMode.Passthru)]
    public void Macvtap_modes_use_libvirt_spelling(string text, MvtapMode expected)
    {
        var json = NovaVifJson.Macvtap(vlan: null);
        json["details"]!["macvtap_mode"] = text;
        Assert.Equal(expected, Parse(json).Details.MacvtapMode);
    }

    [Fact]
    public void Bridge_ovs_and_tap_parse()
    {
        Assert.Equal("brq1234", Parse(NovaVifJson.Bridge()).Network.Bridge);
        var ovs = Parse(NovaVifJson.Ovs());
        Assert.Equal("br-int", ovs.Network.Bridge);
        Assert.Equal(NovaVifJson.Id, ovs.InterfaceId);
        Assert.Equal(NovaVifType.Tap, Parse(NovaVifJson.Tap()).Type);
    }

    [Fact]
    public void Ovs_interfaceid_overrides_the_port_id()
    {
        var json = NovaVifJson.Ovs();
        json["ovs_interfaceid"] = "other-id";
        Assert.Equal("other-id", Parse(json).InterfaceId);
    }

    [Fact]
    public void Without_devname_the_device_is_nic_plus_id_cut_to_14_as_nova_names_it()
    {
        var json = NovaVifJson.Bridge();
        json.Remove("devname");
        Assert.Equal("nic7c1e5a4f-2b", Parse(json).DeviceName);
    }

    [Fact]
    public void A_tap_vif_needs_its_devname_named_in_the_error()
    {
        var json = NovaVifJson.Tap();
        json.Remove("devname");
        Assert.Equal($"VIF {NovaVifJson.Id} of type tap has no \"devname\"; give the tap's name as Neutron sets it (tap + the first 11 characters of the port id)", Error(json));
    }

    [Fact]
    public void A_tap_vif_reads_tap_mac_address_and_the_networks_mtu()
    {
        var json = NovaVifJson.Tap();
        json["details"] = new JsonObject { ["tap_mac_address"] = "00:61:fe:ed:ca:fe", ["port_filter"] = true };
        json["network"] = new JsonObject { ["id"] = "net-1", ["meta"] = new JsonObject { ["mtu"] = 1450, ["tenant_id"] = "t" } };

        var vif = Parse(json);

        Assert.Equal(("tap7c1e5a4f-2b", "00:61:fe:ed:ca:fe", 1450), (vif.DevName, vif.Details.TapMacAddress?.ToString(), vif.Network.Mtu));
        Assert.Null(Parse(NovaVifJson.Tap()).Details.TapMacAddress);
        Assert.Null(Parse(NovaVifJson.Tap()).Network.Mtu);
    }

    [Theory]
    [InlineData("01:00:5e:00:00:01", "multicast")]
    [InlineData("00:61:fe:ed:ca", "5 octets")]
    public void A_bad_tap_mac_address_is_refused(string mac, string reason)
    {
        var json = NovaVifJson.Tap();
        json["details"] = new JsonObject { ["tap_mac_address"] = mac };
        string message = Error(json);
        Assert.StartsWith($"VIF {NovaVifJson.Id} of type tap has an invalid details.tap_mac_address '{mac}': ", message);
        Assert.Contains(reason, message);
    }

    [Theory]
    [InlineData("67")]
    [InlineData("65536")]
    [InlineData("\"big\"")]
    public void An_mtu_out_of_range_or_no_number_is_refused(string mtu)
    {
        var json = NovaVifJson.Tap();
        json["network"] = JsonNode.Parse("{\"meta\": {\"mtu\": " + mtu + "}}");
        string message = Error(json);
        Assert.StartsWith($"VIF {NovaVifJson.Id} has network.meta.mtu ", message);
        Assert.True(message.EndsWith("out of range; use 68..65535") || message.EndsWith("not a whole number"), message);
    }

    [Fact]
    public void Mode_tap_is_no_nicparams_mode()
    {
        Assert.Equal("unknown NIC mode 'tap'; use bridged, routed, openvswitch or macvtap",
            Assert.Throws<Core.Errors.TapyardException>(() => NicNames.ParseMode("tap")).Message);
        Assert.StartsWith("unknown NIC mode 'tap' (a Nova tap VIF's",
            Assert.Throws<Core.Errors.TapyardException>(() => NicParamsRules.CheckValues(NicParams.Empty with { Mode = NicMode.Tap })).Message);
        Assert.Equal("tap", NicNames.Of(NicMode.Tap)); // what runtime records say
    }

    [Fact]
    public void Quota_keys_give_both_directions_with_or_without_prefix()
    {
        var json = NovaVifJson.Macvtap();
        json["quota"] = new JsonObject
        {
            ["vif_inbound_average"] = 1000,
            ["vif_inbound_peak"] = "2000",
            ["vif_inbound_burst"] = 512,
            ["quota:vif_outbound_average"] = "500",
        };
        var bw = Parse(json).Bandwidth;
        Assert.Equal(new BandwidthLimit(1000, 2000, 512), bw.Inbound);
        Assert.Equal(new BandwidthLimit(500), bw.Outbound);
    }

    [Fact]
    public void Missing_macvtap_details_are_all_named_like_nova()
    {
        var json = NovaVifJson.Macvtap(vlan: null);
        var details = json["details"]!.AsObject();
        details.Remove("macvtap_source");
        details.Remove("macvtap_mode");
        Assert.Equal(
            $"VIF {NovaVifJson.Id} of type macvtap is missing the detail(s) macvtap_source, macvtap_mode; Neutron's macvtap agent sets them in binding:vif_details (Nova: VifDetailsMissingMacvtapParameters)",
            Error(json));
    }

    [Fact]
    public void Macvtap_without_details_names_all_three_keys()
    {
        var json = NovaVifJson.Macvtap();
        json.Remove("details");
        Assert.Contains("missing the detail(s) macvtap_source, macvtap_mode, physical_interface;", Error(json));
    }

    [Theory]
    [InlineData("fa:16:3e:11:22", "it has 5 octets, not 6")]
    [InlineData("01:16:3e:11:22:33", "multicast")]
    [InlineData("fa:16:3e:11:22:zz", "'zz' is not a hex octet")]
    public void Invalid_mac_is_refused(string mac, string reason)
    {
        var json = NovaVifJson.Tap();
        json["address"] = mac;
        string message = Error(json);
        Assert.StartsWith($"VIF {NovaVifJson.Id} has an invalid MAC address '{mac}': ", message);
        Assert.Contains(reason, message);
    }

    [Fact]
    public void Unknown_vif_type_is_refused()
    {
        var json = NovaVifJson.Tap();
        json["type"] = "vhostuser";
        Assert.Equal($"VIF {NovaVifJson.Id} has unknown vif_type 'vhostuser'; Tapyard handles macvtap, bridge, tap or ovs", Error(json));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4095")]
    [InlineData("-3")]
    public void Vlan_outside_1_to_4094_is_refused(string vlan)
    {
        var json = NovaVifJson.Macvtap(vlan: 100);
        json["details"]!["vlan"] = vlan;
        Assert.Equal($"VIF {NovaVifJson.Id} of type macvtap has details.vlan {vlan} out of range; use 1..4094", Error(json));
    }

    [Fact]
    public void Vlan_that_is_no_number_is_refused()
    {
        var json = NovaVifJson.Macvtap(vlan: 100);
        json["details"]!["vlan"] = "ten";
        Assert.Equal($"VIF {NovaVifJson.Id} of type macvtap has details.vlan \"ten\", not a whole number", Error(json));
    }

    [Fact]
    public void Unknown_macvtap_mode_is_refused()
    {
        var json = NovaVifJson.Macvtap();
        json["details"]!["macvtap_mode"] = "source";
        Assert.Equal($"VIF {NovaVifJson.Id} of type macvtap has unknown details.macvtap_mode 'source'; use vepa, bridge, private or passthrough", Error(json));
    }

    [Fact]
    public void Ganeti_passthru_spelling_is_refused_with_libvirts()
    {
        var json = NovaVifJson.Macvtap();
        json["details"]!["macvtap_mode"] = "passthru";
        Assert.Contains("spell it 'passthrough'", Error(json));
    }

    [Theory]
    [InlineData("eth1")]    // the physical interface itself
    [InlineData("eth1.8")]  // another VLAN's device: plug and `vif xml` would name different devices
    [InlineData("eth2.7")]
    public void Vlan_with_a_source_other_than_physical_dot_vlan_is_refused(string source)
    {
        var json = NovaVifJson.Macvtap(vlan: 7);
        json["details"]!["macvtap_source"] = source;
        Assert.Contains($"has details.vlan 7 and physical_interface eth1, but macvtap_source is {source}; give macvtap_source eth1.7", Error(json));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("address")]
    [InlineData("type")]
    public void Missing_top_level_keys_are_named(string key)
    {
        var json = NovaVifJson.Tap();
        json.Remove(key);
        Assert.Contains($"no \"{key}\"", Error(json));
    }

    [Fact]
    public void Bridge_and_ovs_need_network_bridge()
    {
        var bridge = NovaVifJson.Bridge();
        bridge["network"]!.AsObject().Remove("bridge");
        Assert.Equal($"VIF {NovaVifJson.Id} of type bridge has no network.bridge; give the Linux bridge to attach to", Error(bridge));
        var ovs = NovaVifJson.Ovs();
        ovs.Remove("network");
        Assert.Equal($"VIF {NovaVifJson.Id} of type ovs has no network.bridge; give the Open vSwitch bridge to attach to", Error(ovs));
    }

    [Fact]
    public void Device_names_follow_the_kernels_rules()
    {
        var json = NovaVifJson.Tap();
        json["devname"] = "a-very-long-device-name";
        Assert.Contains("has an invalid device name in devname 'a-very-long-device-name': it is 23 bytes long", Error(json));
    }

    [Fact]
    public void Type_and_vif_type_must_agree()
    {
        var json = NovaVifJson.Tap();
        json["vif_type"] = "ovs";
        Assert.Contains("has \"type\" 'tap' but \"vif_type\" 'ovs'", Error(json));
    }

    [Fact]
    public void Quota_peak_without_average_is_refused()
    {
        var json = NovaVifJson.Tap();
        json["quota"] = new JsonObject { ["vif_outbound_peak"] = 100 };
        Assert.Contains("vif_outbound peak or burst without vif_outbound_average", Error(json));
    }

    [Fact]
    public void Quota_peak_below_average_is_refused()
    {
        var json = NovaVifJson.Tap();
        json["quota"] = new JsonObject { ["vif_inbound_average"] = 100, ["vif_inbound_peak"] = 50 };
        Assert.Contains("invalid vif_inbound quota: the peak (50) is below the average (100)", Error(json));
    }

    [Fact]
    public void Not_json_and_not_an_object_are_refused()
    {
        Assert.StartsWith("VIF JSON is not valid JSON (", Error("{\"id\": "));
        Assert.StartsWith("VIF JSON holds a JSON array, not a VIF object", Error("[]"));
    }

    [Fact]
    public void Wrong_json_kinds_are_named()
    {
        var json = NovaVifJson.Tap();
        json["details"] = "x";
        Assert.Contains("has \"details\" as a JSON string; give an object", Error(json));
    }

    [Fact]
    public void Load_names_a_missing_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"no-such-vif-{Guid.NewGuid():N}.json");
        var e = Assert.Throws<NovaVifException>(() => NovaVif.Load(path));
        Assert.StartsWith($"cannot read VIF file {path}:", e.Message);
    }

    [Fact]
    public void Load_reads_a_file_and_names_it_in_errors()
    {
        using var dir = new TempDirectory("nova-vif");
        string path = Path.Combine(dir.Path, "vif.json");
        File.WriteAllText(path, NovaVifJson.Bridge().ToJsonString());
        Assert.Equal(NovaVifType.Bridge, NovaVif.Load(path).Type);
        File.WriteAllText(path, "{");
        Assert.StartsWith($"VIF file {path} is not valid JSON", Assert.Throws<NovaVifException>(() => NovaVif.Load(path)).Message);
    }
}
