using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tapyard.Hypervisors.Nova;

namespace Tapyard.Hypervisors.Tests.Nova;

/// <summary>The &lt;interface&gt; Nova's libvirt vif driver builds, per vif_type.</summary>
public class NovaVifXmlTests
{
    private static string Xml(JsonObject json, int queues = 1, bool vhostNet = true) =>
        NovaVifXml.Build(NovaVif.Parse(json.ToJsonString()), queues, vhostNet).ToString(SaveOptions.DisableFormatting);

    [Fact]
    public void Macvtap_is_direct_on_macvtap_source_with_macvtap_mode()
    {
        Assert.Equal(
            "<interface type=\"direct\"><mac address=\"fa:16:3e:11:22:33\" /><source dev=\"eth1.100\" mode=\"bridge\" /><model type=\"virtio\" /></interface>",
            Xml(NovaVifJson.Macvtap(vlan: 100)));
        var passthrough = NovaVifJson.Macvtap(vlan: null);
        passthrough["details"]!["macvtap_mode"] = "passthrough";
        Assert.Contains("<source dev=\"eth1\" mode=\"passthrough\" />", Xml(passthrough));
    }

    [Fact]
    public void Bridge_is_a_bridge_with_the_devname_as_target()
    {
        Assert.Equal(
            "<interface type=\"bridge\"><mac address=\"fa:16:3e:11:22:34\" /><source bridge=\"brq1234\" /><target dev=\"tap7c1e5a4f-2b\" /><model type=\"virtio\" /></interface>",
            Xml(NovaVifJson.Bridge()));
    }

    [Fact]
    public void Ovs_has_an_openvswitch_virtualport_with_the_port_id()
    {
        Assert.Equal(
            "<interface type=\"bridge\"><mac address=\"fa:16:3e:11:22:35\" /><source bridge=\"br-int\" />"
            + $"<virtualport type=\"openvswitch\"><parameters interfaceid=\"{NovaVifJson.Id}\" /></virtualport><target dev=\"tap7c1e5a4f-2b\" /><model type=\"virtio\" /></interface>",
            Xml(NovaVifJson.Ovs()));
    }

    [Fact]
    public void Ovs_with_an_interface_id_that_is_no_uuid_is_refused()
    {
        var json = NovaVifJson.Ovs();
        json["ovs_interfaceid"] = "port-1";
        var e = Assert.Throws<NovaVifException>(() => Xml(json));
        Assert.Equal($"VIF {NovaVifJson.Id} of type ovs has interface id 'port-1', not a UUID; libvirt's openvswitch virtualport needs a UUID (give ovs_interfaceid)", e.Message);
    }

    [Fact]
    public void Tap_is_ethernet_on_the_existing_devname()
    {
        Assert.Equal(
            "<interface type=\"ethernet\"><mac address=\"fa:16:3e:11:22:36\" /><target dev=\"tap7c1e5a4f-2b\" managed=\"no\" /><model type=\"virtio\" /></interface>",
            Xml(NovaVifJson.Tap()));
    }

    [Fact]
    public void Quota_becomes_bandwidth_and_queues_a_driver()
    {
        var json = NovaVifJson.Macvtap();
        json["quota"] = new JsonObject { ["vif_inbound_average"] = 1000, ["vif_inbound_burst"] = 100, ["vif_outbound_average"] = 2000, ["vif_outbound_peak"] = 4000 };
        Assert.EndsWith(
            "<model type=\"virtio\" /><driver name=\"vhost\" queues=\"4\" /><bandwidth><inbound average=\"1000\" burst=\"100\" /><outbound average=\"2000\" peak=\"4000\" /></bandwidth></interface>",
            Xml(json, queues: 4));
        Assert.Contains("<driver name=\"qemu\" queues=\"2\" />", Xml(json, queues: 2, vhostNet: false));
    }

    public static TheoryData<string, int, bool> Cases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (string type in new[] { "macvtap", "macvtap-vlan", "bridge", "ovs", "tap" })
            foreach (int queues in new[] { 1, 4 })
                foreach (bool bandwidth in new[] { false, true })
                    data.Add(type, queues, bandwidth);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_vif_interface_passes_virt_xml_validate_inside_a_domain(string type, int queues, bool bandwidth)
    {
        var json = type switch
        {
            "macvtap" => NovaVifJson.Macvtap(vlan: null),
            "macvtap-vlan" => NovaVifJson.Macvtap(vlan: 100),
            "bridge" => NovaVifJson.Bridge(),
            "ovs" => NovaVifJson.Ovs(),
            _ => NovaVifJson.Tap(),
        };
        if (bandwidth)
            json["quota"] = new JsonObject { ["vif_inbound_average"] = 1000, ["vif_inbound_peak"] = 2000, ["vif_inbound_burst"] = 512, ["vif_outbound_average"] = 300 };
        var element = NovaVifXml.Build(NovaVif.Parse(json.ToJsonString()), queues);
        Assert.Equal(bandwidth, element.Element("bandwidth") is not null);
        Assert.Equal(queues > 1, element.Element("driver") is not null);
        VirtXmlValidate.AssertValidInterface(element.ToString());
    }
}
