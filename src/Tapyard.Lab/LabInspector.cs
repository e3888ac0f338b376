using Tapyard.Core.Model;
using Tapyard.Linux;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Lab;

/// <summary>
/// Compares what the kernel and the config hold with what a complete lab has. Reads only; every
/// phrase in <see cref="LabStatus.Missing"/> names one namespace, device, setting or node.
/// </summary>
internal static class LabInspector
{
    public static LabStatus Inspect(LabLayout layout, LabRecord? record, ClusterConfig? config)
    {
        var missing = new List<string>();
        var namespaces = new List<LabNamespaceStatus>();
        foreach (int node in layout.NodeNumbers)
            namespaces.Add(InspectNamespace(layout.NodeNamespace(node), "node", missing, links => ExpectUplink(layout.NodeNamespace(node), links, $"{LabLayout.NodeAddress(node)}/{LabLayout.NodePrefixLength}", missing)));
        namespaces.Add(InspectNamespace(layout.OutsideNamespace, "outside", missing,
            links => ExpectUplink(layout.OutsideNamespace, links, $"{LabLayout.OutsideAddress}/{LabLayout.OutsidePrefixLength}", missing)));
        namespaces.Add(InspectNamespace(layout.SwitchNamespace, "switch", missing, links => ExpectSwitch(layout, links, missing)));

        var nodes = new List<LabNodeStatus>();
        foreach (string name in record?.RegisteredNodes ?? [])
        {
            var inConfig = config?.Nodes.GetValueOrDefault(name);
            bool present = inConfig is not null && inConfig.Netns == name;
            nodes.Add(new LabNodeStatus { Name = name, Netns = name, InConfig = present, PrimaryIp = inConfig?.PrimaryIp });
            if (!present)
                missing.Add($"node {name} in the config");
        }
        if (record is { Complete: false })
            missing.Add("the record's mark of completion (lab up did not finish)");
        if (record is null && namespaces.Any(ns => ns.Exists))
            missing.Add("a record of the lab in this state directory");

        bool anything = record is not null || namespaces.Any(ns => ns.Exists);
        return new LabStatus
        {
            Name = layout.Name,
            State = !anything ? LabState.Absent : missing.Count == 0 ? LabState.Complete : LabState.HalfBuilt,
            Nodes = layout.Nodes,
            Recorded = record is not null,
            Namespaces = namespaces,
            RegisteredNodes = nodes,
            Missing = anything ? missing : [],
        };
    }

    private static LabNamespaceStatus InspectNamespace(string name, string role, List<string> missing, Action<IReadOnlyList<LabLinkStatus>> expect)
    {
        if (!NetworkNamespace.Exists(name))
        {
            missing.Add($"namespace {name}");
            return new LabNamespaceStatus { Name = name, Role = role };
        }
        var links = ReadLinks(name);
        if (links.FirstOrDefault(l => l.Name == "lo") is not { Up: true })
            missing.Add($"loopback up in {name}");
        expect(links);
        return new LabNamespaceStatus { Name = name, Role = role, Exists = true, Links = links };
    }

    private static List<LabLinkStatus> ReadLinks(string namespaceName)
    {
        using var ns = NetworkNamespace.Open(namespaceName);
        using var netlink = Rtnetlink.Open(ns);
        var links = netlink.Links.List();
        var names = links.ToDictionary(l => l.Index, l => l.Name);
        var addresses = netlink.Addresses.List().ToLookup(a => a.DeviceIndex, a => a.ToString());
        return links.Select(link => new LabLinkStatus
        {
            Name = link.Name,
            Kind = link.Kind,
            Up = link.IsUp,
            Master = link.MasterIndex is { } master ? names.GetValueOrDefault(master, $"if{master}") : null,
            Hairpin = link.BridgePortHairpin,
            Addresses = addresses[link.Index].ToList(),
        }).ToList();
    }

    /// <summary>A node's or the outside host's eth0: a veth, up, with its address when it should have one.</summary>
    private static void ExpectUplink(string namespaceName, IReadOnlyList<LabLinkStatus> links, string? address, List<string> missing)
    {
        var uplink = links.FirstOrDefault(l => l.Name == LabLayout.Uplink);
        if (uplink is not { Kind: LinkKinds.Veth })
        {
            missing.Add($"veth {LabLayout.Uplink} in {namespaceName}");
            return;
        }
        if (!uplink.Up)
            missing.Add($"{LabLayout.Uplink} up in {namespaceName}");
        if (address is not null && !uplink.Addresses.Contains(address))
            missing.Add($"address {address} on {LabLayout.Uplink} in {namespaceName}");
    }

    /// <summary>The switch: br0 up, and one port per node (hairpin on) plus the outside port, each a veth up on br0.</summary>
    private static void ExpectSwitch(LabLayout layout, IReadOnlyList<LabLinkStatus> links, List<string> missing)
    {
        string where = layout.SwitchNamespace;
        var bridge = links.FirstOrDefault(l => l.Name == LabLayout.Bridge);
        if (bridge is not { Kind: LinkKinds.Bridge })
            missing.Add($"bridge {LabLayout.Bridge} in {where}");
        else if (!bridge.Up)
            missing.Add($"{LabLayout.Bridge} up in {where}");
        var ports = layout.NodeNumbers.Select(n => (Name: LabLayout.SwitchPort(n), Hairpin: true)).Append((Name: LabLayout.OutsidePort, Hairpin: false));
        foreach (var (name, hairpin) in ports)
        {
            var port = links.FirstOrDefault(l => l.Name == name);
            if (port is not { Kind: LinkKinds.Veth })
            {
                missing.Add($"port {name} in {where}");
                continue;
            }
            if (port.Master != LabLayout.Bridge)
                missing.Add($"{name} on {LabLayout.Bridge} in {where}");
            if (!port.Up)
                missing.Add($"{name} up in {where}");
            if (hairpin && port.Hairpin != true)
                missing.Add($"hairpin on {name} in {where}");
        }
    }
}
