using System.Net;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Hypervisors.Qemu.Migration;

/// <summary>
/// What every driver's live migration checks before anything changes, and the pieces they share
/// (the QEMU migrator and the libvirt one): the nodes, the target's links (Neutron's rule), the
/// address the target receives the migration on, the instance as it resolves on the target.
/// Every refusal ends with "nothing was changed".
/// </summary>
public static class MigrationPreflight
{
    /// <summary>The source and target nodes from the config; refuses an unknown target or the instance's own node.</summary>
    public static (Core.Model.Node Source, Core.Model.Node Target) Nodes(ClusterState state, Instance instance, string targetNodeName)
    {
        var source = state.NodeByUuid(instance.NodeUuid)
            ?? throw new HypervisorException($"instance {instance.Name} is on a node that does not exist; fix the config");
        if (!state.Config.Nodes.TryGetValue(targetNodeName, out var target))
            throw new HypervisorException($"cannot migrate instance {instance.Name}: node '{targetNodeName}' does not exist; see `tapyard node list`");
        if (target.Uuid == source.Uuid)
            throw new HypervisorException($"cannot migrate instance {instance.Name} to node {target.Name}: it already runs there; name another node");
        return (source, target);
    }

    /// <summary>Refuses, before anything changes, a target where a NIC's link (lower device or bridge) is missing.</summary>
    public static void CheckLinks(string instance, Core.Model.Node target, IReadOnlyList<ResolvedNic> nics, NetworkNamespace networkNamespace)
    {
        HashSet<string> links;
        using (var netlink = Rtnetlink.Open(networkNamespace))
            links = netlink.Links.List().Select(link => link.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var nic in nics)
        {
            string what = nic.Mode switch
            {
                NicMode.Bridged => "bridge",
                NicMode.OpenVswitch => "Open vSwitch bridge",
                _ => "lower device",
            };
            if (nic.Mode == NicMode.Routed)
                continue; // routed NICs need no link on the node
            if (nic.Link is null)
                throw new HypervisorException($"cannot migrate instance {instance} to node {target.Name}: NIC {nic.Index} has no link on that node's group; "
                    + "connect its network to the group with link=...; nothing was changed");
            if (!links.Contains(nic.Link))
                throw new HypervisorException($"cannot migrate instance {instance} to node {target.Name}: {what} {nic.Link} of NIC {nic.Index} does not exist there; nothing was changed");
        }
    }

    /// <summary>Where the target receives the migration stream: the config's primary IP, else the node's first global IPv4 address.</summary>
    public static IPAddress ReceiveAddress(string instance, Core.Model.Node target, NetworkNamespace networkNamespace) =>
        (target.PrimaryIp is { } primary && IPAddress.TryParse(primary, out var configured) ? configured : null)
        ?? MigrationAddress.Find(networkNamespace)
        ?? throw new HypervisorException($"cannot migrate instance {instance} to node {target.Name}: the node has no IPv4 address to receive the migration on; "
            + "give it one (a lab node's eth0 address); nothing was changed");

    /// <summary>The node's network namespace, null for a node on this host.</summary>
    public static NetworkNamespace? OpenNamespace(Core.Model.Node node, string instance)
    {
        if (node.Netns is not { } netns)
            return null;
        try
        {
            return NetworkNamespace.Open(netns);
        }
        catch (NamespaceNotFoundException e)
        {
            throw new HypervisorException($"cannot migrate instance {instance}: node {node.Name}'s network namespace {netns} does not exist; "
                + "bring the lab up (tapyard lab up) or fix the node; nothing was changed", e);
        }
    }

    /// <summary>The instance as if it were on <paramref name="node"/> (its NICs resolve through that node's group: the link may differ).</summary>
    public static Instance CopyOn(Instance instance, Core.Model.Node node) => new()
    {
        Uuid = instance.Uuid, Serial = instance.Serial, Name = instance.Name, NodeUuid = node.Uuid, Vcpus = instance.Vcpus,
        MemoryMiB = instance.MemoryMiB, State = instance.State, Nics = instance.Nics, Hypervisor = instance.Hypervisor,
    };

    /// <summary>The host as a URI writes it (IPv6 in brackets).</summary>
    public static string Host(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    /// <summary>Failures a migration rolls back from (anything else is a bug and propagates).</summary>
    public static bool IsOperational(Exception e) =>
        e is TapyardException or TapyardLinuxException or IOException or UnauthorizedAccessException or TimeoutException;
}
