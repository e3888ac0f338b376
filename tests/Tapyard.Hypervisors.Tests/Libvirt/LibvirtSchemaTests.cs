using Tapyard.Core.Nics;
using Tapyard.Hypervisors.Libvirt;
using static Tapyard.Hypervisors.Tests.Libvirt.LibvirtTestNics;

namespace Tapyard.Hypervisors.Tests.Libvirt;

/// <summary>
/// Every domain Tapyard prints passes libvirt's schema (virt-xml-validate FILE domain): each NIC
/// shape × multi-queue × vlan × bandwidth × prepared devices.
/// </summary>
public class LibvirtSchemaTests
{
    /// <summary>NIC shapes: each mode, and macvtap in each of its modes.</summary>
    public static readonly string[] Shapes = ["macvtap-vepa", "macvtap-bridge", "macvtap-private", "macvtap-passthru", "bridged", "openvswitch", "routed"];

    public static TheoryData<string, bool, bool, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool, bool, bool>();
        foreach (string shape in Shapes)
            foreach (bool multiQueue in new[] { false, true })
                foreach (bool vlan in new[] { false, true })
                    foreach (bool bandwidth in new[] { false, true })
                        foreach (bool prepared in new[] { false, true })
                        {
                            if (vlan && shape == "routed")
                                continue;   // refused by NicParamsRules: routed NICs have no VLAN
                            if (vlan && shape == "bridged" && !prepared)
                                continue;   // refused: libvirt cannot tag a Linux bridge port (LibvirtInterfaceShapeTests)
                            data.Add(shape, multiQueue, vlan, bandwidth, prepared);
                        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Domain_passes_virt_xml_validate(string shape, bool multiQueue, bool vlan, bool bandwidth, bool prepared)
    {
        var (mode, mvtap) = shape switch
        {
            "bridged" => (NicMode.Bridged, (MvtapMode?)null),
            "openvswitch" => (NicMode.OpenVswitch, null),
            "routed" => (NicMode.Routed, null),
            _ => (NicMode.Macvtap, NicNames.ParseMvtapMode(shape["macvtap-".Length..])),
        };
        string link = mode switch { NicMode.Bridged => "br0", NicMode.OpenVswitch => "br-int", _ => "eth0" };
        var nic = Nic(0, mode, link, vlan ? 100 : null, mvtap,
            bandwidth ? new BandwidthLimit(1000, 2000, 512) : null,
            bandwidth ? new BandwidthLimit(500, null, 128) : null);
        var instance = Instance(vcpus: multiQueue ? 4 : 1);
        var options = new LibvirtNicOptions
        {
            Instance = instance.Name,
            Node = "n1",
            PreparedDevices = prepared,
            PluggedDevices = new Dictionary<Guid, string> { [nic.Uuid] = "vtap0" },
        };
        var domain = LibvirtInstanceDomain.Of(instance, [nic], options,
            new LibvirtKernelBoot("/var/cache/tapyard/guest/vmlinuz", "/var/cache/tapyard/guest/initrd.gz", LibvirtKernelBoot.DefaultCmdline),
            LibvirtDomain.Qemu, "/run/tapyard/consoles/web1.sock");
        string text = LibvirtDomainXml.ToText(LibvirtDomainXml.Build(domain));

        // The option under test shows in the XML (so a case cannot pass by leaving it out).
        Assert.Equal(multiQueue, text.Contains("queues=\"4\""));
        Assert.Equal(bandwidth && !prepared, text.Contains("<bandwidth>"));   // prepared devices: Tapyard shapes
        Assert.Equal(prepared || mode == NicMode.Routed, text.Contains("managed=\"no\""));
        VirtXmlValidate.AssertValidDomain(text);
    }

    [Fact]
    public void A_domain_with_every_mode_at_once_passes()
    {
        var nics = new[]
        {
            Nic(0, NicMode.Macvtap, "eth0", vlan: 10, mvtap: MvtapMode.Passthru),
            Nic(1, NicMode.Bridged, "br0", bwIn: new BandwidthLimit(10)),
            Nic(2, NicMode.OpenVswitch, "br-int", vlan: 4094),
            Nic(3, NicMode.Routed, "eth0"),
        };
        var options = new LibvirtNicOptions { Instance = "web1", Node = "n1", PluggedDevices = new Dictionary<Guid, string> { [nics[3].Uuid] = "tyr0" } };
        var domain = LibvirtInstanceDomain.Of(Instance(vcpus: 2), nics, options);
        VirtXmlValidate.AssertValidDomain(LibvirtDomainXml.ToText(LibvirtDomainXml.Build(domain)));
    }

    [Fact]
    public void The_validator_refuses_a_broken_interface()
    {
        // Guards the guard: a bad mode must fail, or the theory above proves nothing.
        var domain = LibvirtInstanceDomain.Of(Instance(), [Nic(0, NicMode.Macvtap, "eth0")], new LibvirtNicOptions { Instance = "web1", Node = "n1" });
        string text = LibvirtDomainXml.ToText(LibvirtDomainXml.Build(domain)).Replace("mode=\"bridge\"", "mode=\"passthru\"");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => VirtXmlValidate.AssertValidDomain(text));
    }
}
