using System.Net;
using System.Net.NetworkInformation;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu.Hotplug;
using Tapyard.Lab;
using Tapyard.Lab.Guest;
using Tapyard.Linux.Namespaces;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>NIC hot-plug on the running lab guest (TCG), seen from inside the guest and on the node.</summary>
[Trait("Category", "Kernel")]
[Collection(MigrationCollection.Name)]
public sealed class HotplugTests(MigrationLab lab, ITestOutputHelper output)
{
    private static readonly IPAddress SecondAddress = IPAddress.Parse("198.51.100.21");
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private QemuNicHotplug Hotplug => new(lab.Store, lab.Options);

    [Fact]
    public void An_added_nic_appears_in_the_guest_and_reaches_the_outside_host_then_its_removal_is_seen_inside_and_on_the_node()
    {
        string node = lab.CurrentNode();
        string netns = lab.Layout.NodeNamespace(node == lab.Layout.NodeName(1) ? 1 : 2);

        Hotplug.Modify(Request(NicRequestParser.Parse($"add:network={MigrationLab.NetworkName},ip={SecondAddress}")));

        var instance = ConfigTransaction.Read(lab.Store).GetInstance(MigrationLab.InstanceName);
        Assert.Equal(2, instance.Nics.Count);
        string mac = instance.Nics[1].Mac;
        var records = lab.RecordsOn(node);
        Assert.Equal(2, records.Count);
        var device = Assert.Single(lab.MacvtapsIn(netns), l => l.Mac?.ToString() == mac);
        Assert.True(device.Flags.HasFlag(Linux.Links.InterfaceFlags.Up));

        // Inside: the new NIC appears by its MAC. Its address is not on the kernel command line, so it is
        // handed to the guest's init the way the command line hands them (a line in /run/nics).
        var added = WaitForInterface(mac);
        output.WriteLine($"guest sees {added.Name} {added.Mac} after hot-plug");
        Assert.Equal(0, lab.Console.Run($"echo '{mac} {SecondAddress}/24' >> /run/nics", CommandTimeout).ExitCode);
        WaitFor(() => lab.Console.Interfaces().Any(i => i.Mac == mac && i.Ipv4.Contains($"{SecondAddress}/24")), "the guest to configure the new NIC");
        var ping = lab.Console.Run($"ping -c 2 -w 6 -I {added.Name} {LabLayout.OutsideAddress}", CommandTimeout);
        output.WriteLine(ping.Output);
        Assert.Equal(0, ping.ExitCode);
        // Both NICs are in 198.51.100.0/24, so the guest would send its answers from .21 out of the first
        // NIC (the first route), whose anti-spoofing drops anything not from .20: answers from .21 leave by the new NIC.
        Assert.Equal(0, lab.Console.Run($"ip rule add from {SecondAddress} lookup 100 && ip route add 198.51.100.0/24 dev {added.Name} table 100", CommandTimeout).ExitCode);
        using (var outside = NetworkNamespace.Open(lab.Layout.OutsideNamespace))
            Assert.Equal(IPStatus.Success, outside.Run(() => new Ping().Send(SecondAddress, 5000).Status));

        // Remove it again: gone inside, gone on the node, gone from the config; the first NIC still works.
        Hotplug.Modify(Request(new NicRequest { Action = NicRequestAction.Remove, Index = 1 }));

        Assert.DoesNotContain(lab.Console.Interfaces(), i => i.Mac == mac);
        Assert.Single(ConfigTransaction.Read(lab.Store).GetInstance(MigrationLab.InstanceName).Nics);
        Assert.Single(lab.RecordsOn(node));
        Assert.DoesNotContain(lab.MacvtapsIn(netns), l => l.Mac?.ToString() == mac);
        Assert.Equal(0, lab.Console.Ping(LabLayout.OutsideAddress, 2).Lost);
    }

    [Fact]
    public void Changing_vcpus_of_a_running_instance_or_adding_a_nic_on_an_unknown_network_changes_nothing()
    {
        string config = File.ReadAllText(lab.Store.ConfigPath);
        string node = lab.CurrentNode();
        var records = lab.RecordsOn(node);

        var vcpus = Assert.Throws<HypervisorException>(() => Hotplug.Modify(new InstanceModifyRequest { Name = MigrationLab.InstanceName, Vcpus = 2 }));
        Assert.Equal($"cannot change the vCPUs or memory of instance {MigrationLab.InstanceName} while it runs; stop it first (NICs can be added and removed while it runs)", vcpus.Message);
        var network = Assert.ThrowsAny<Core.Errors.TapyardException>(() => Hotplug.Modify(Request(NicRequestParser.Parse("add:network=nosuchnet"))));
        output.WriteLine(network.Message);
        Assert.Contains("nosuchnet", network.Message);

        Assert.Equal(config, File.ReadAllText(lab.Store.ConfigPath));
        Assert.Equal(records, lab.RecordsOn(node));
    }

    [Fact]
    public void An_instance_with_a_hot_plugged_nic_migrates_with_both_nics_and_the_nic_is_removed_on_the_new_node()
    {
        string source = lab.CurrentNode();
        string target = lab.OtherNode(source);
        Hotplug.Modify(Request(NicRequestParser.Parse($"add:network={MigrationLab.NetworkName},ip={SecondAddress}")));
        string mac = ConfigTransaction.Read(lab.Store).GetInstance(MigrationLab.InstanceName).Nics[1].Mac;
        WaitForInterface(mac);

        // The target's command line has the hot-plugged NIC on the same PCIe root port: the machines match.
        var result = lab.Migrator.Migrate(MigrationLab.InstanceName, target);
        output.WriteLine($"{source} -> {target} with 2 NICs: total {result.TotalTime.TotalMilliseconds:0} ms, downtime {result.Downtime.TotalMilliseconds:0} ms");
        lab.ReconnectConsole();
        Assert.Contains(lab.Console.Interfaces(), i => i.Mac == mac);
        Assert.Equal(2, lab.RecordsOn(target).Count);
        Assert.Empty(lab.RecordsOn(source));

        Hotplug.Modify(Request(new NicRequest { Action = NicRequestAction.Remove, Index = 1 }));
        Assert.DoesNotContain(lab.Console.Interfaces(), i => i.Mac == mac);
        Assert.Single(lab.RecordsOn(target));
        Assert.Equal(0, lab.Console.Ping(LabLayout.OutsideAddress, 2).Lost);
    }

    private static InstanceModifyRequest Request(NicRequest change) => new() { Name = MigrationLab.InstanceName, Nics = [change] };

    private GuestInterface WaitForInterface(string mac)
    {
        GuestInterface? found = null;
        WaitFor(() => (found = lab.Console.Interfaces().FirstOrDefault(i => i.Mac == mac)) is not null, $"NIC {mac} to appear in the guest");
        return found!;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(500);
        }
    }
}
