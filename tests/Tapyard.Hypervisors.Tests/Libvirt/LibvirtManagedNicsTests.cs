using System.Net;
using Tapyard.Core.Model;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Tests.Support;
using Tapyard.Lab.Guest;
using Tapyard.Node;
using Tapyard.Node.Verify;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Libvirt;

/// <summary>
/// <see cref="LibvirtDriverOptions.LibvirtManagesNics"/>: libvirt (the test's own libvirtd in the node's
/// namespace) creates the guest's macvtap itself, &lt;interface type='direct'&gt; on eth0 in bridge mode.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class LibvirtManagedNicsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Guest_on_a_libvirt_made_direct_interface_pings_the_outside_host_and_verify_calls_nothing_an_orphan()
    {
        using var world = new LibvirtWorld("lvdirect", new LabGuestBoot(), libvirtManagesNics: true);
        world.World.AddInstance("d1");
        var nic = world.World.NicOf("d1");

        world.Driver.Start("d1");

        string xml = File.ReadAllText(Path.Combine(world.Driver.PathsOf("d1").Directory, LibvirtDriver.DomainFile));
        Assert.Contains("<interface type=\"direct\">", xml);
        Assert.Contains("<source dev=\"eth0\" mode=\"bridge\" />", xml);
        // libvirt's device, named by libvirt, on eth0, in bridge mode, with the NIC's MAC; no record of Tapyard's.
        var vtap = Assert.Single(world.World.Macvtaps());
        string device = vtap.GetProperty("ifname").GetString()!;
        Assert.StartsWith("macvtap", device);
        Assert.Equal(nic.Mac, vtap.GetProperty("address").GetString());
        Assert.Equal("bridge", vtap.GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString());
        Assert.Equal(DriverWorld.Uplink, vtap.GetProperty("link").GetString());
        using (var console = GuestConsole.Connect(world.Driver.PathsOf("d1").ConsoleSocket, world.Driver.PathsOf("d1").ConsoleLog, TimeSpan.FromSeconds(30)))
        {
            console.WaitForReady(BootTimeout);
            var ping = console.Ping(IPAddress.Parse(DriverWorld.Outside), count: 3);
            Assert.True(ping.Received > 0, $"the guest got no answer from {DriverWorld.Outside}: {ping}");
            Assert.Null(world.World.OutsidePingFails(nic.Ip!));
            output.WriteLine($"libvirt-managed {device}: guest -> outside {ping}");
        }
        using (var nodeNics = NodeNics.Open(ConfigNode(world), world.World.RunDirectory))
        {
            Assert.Empty(nodeNics.Records.ReadAll());
            var verify = nodeNics.Verify([new ConnectedLink(DriverWorld.NetworkName, DriverWorld.Uplink)], fix: false);
            Assert.True(verify.Clean, string.Join("; ", verify.Findings));
            // --fix leaves libvirt's device alone too.
            nodeNics.Verify([new ConnectedLink(DriverWorld.NetworkName, DriverWorld.Uplink)], fix: true);
        }
        Assert.Equal(device, Assert.Single(world.World.Macvtaps()).GetProperty("ifname").GetString());
        Assert.Equal(InstanceState.Running, world.Driver.Status(world.World.Instance("d1")).State);

        world.Driver.Stop("d1");

        // libvirt deleted its macvtap with the domain.
        Assert.Empty(world.World.Macvtaps());
        Assert.Empty(world.Domains());
        Assert.Equal(InstanceState.Stopped, world.World.Instance("d1").State);
    }

    [Fact]
    public void A_non_macvtap_NIC_is_refused_when_libvirt_manages_the_NICs_before_libvirt_is_asked()
    {
        using var world = new DriverWorld("lvdirref");
        world.AddNetwork("rt", "10.6.0.0/24", "10.6.0.1", "mode=routed,link=100");
        world.AddInstance("r1", 1, "0:network=rt,ip=pool");
        string socket = Path.Combine(world.RunDirectory, "no-libvirt-sock");
        var driver = new LibvirtDriver(world.Store, new LibvirtDriverOptions
        {
            Uri = $"qemu+unix:///system?socket={socket}", RuntimeDirectory = world.RunDirectory, LibvirtManagesNics = true,
        });

        var error = Assert.Throws<HypervisorException>(() => driver.Start("r1"));

        Assert.Equal("cannot start instance r1: NIC 0 is mode=routed, and libvirt manages only macvtap NICs (type='direct'); "
            + "use Tapyard's prepared devices (the default) for this instance", error.Message);
        Assert.Equal(InstanceState.Stopped, world.Instance("r1").State);
        Assert.Empty(world.Macvtaps());
    }

    [Fact]
    public void A_vlan_macvtap_NIC_is_refused_when_libvirt_manages_the_NICs_before_libvirt_is_asked()
    {
        using var world = new DriverWorld("lvdirvl");
        world.AddNetwork("v10", "10.8.0.0/24", "10.8.0.1", $"mode=macvtap,link={DriverWorld.Uplink},vlan=10");
        world.AddInstance("v1", 1, "0:network=v10,ip=pool");
        var driver = new LibvirtDriver(world.Store, new LibvirtDriverOptions
        {
            Uri = $"qemu+unix:///system?socket={Path.Combine(world.RunDirectory, "no-libvirt-sock")}", RuntimeDirectory = world.RunDirectory, LibvirtManagesNics = true,
        });

        var error = Assert.Throws<HypervisorException>(() => driver.Start("v1"));

        Assert.Equal("cannot start instance v1: NIC 0 has vlan 10, whose sub-interface eth0.10 Tapyard makes only for the NICs it plugs; "
            + "use Tapyard's prepared devices (the default) for this instance", error.Message);
        Assert.Equal(InstanceState.Stopped, world.Instance("v1").State);
        Assert.False(Ip.LinkExists(world.Node.Name, "eth0.10"));
    }

    private static Core.Model.Node ConfigNode(LibvirtWorld world) =>
        Core.Store.ConfigTransaction.Read(world.World.Store).GetNode(DriverWorld.NodeName);
}
