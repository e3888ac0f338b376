using Tapyard.Cli.Output;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Cli.Commands.Cluster;

/// <summary>`cluster info`, laid out like gnt-cluster info's "Cluster name:" / indented parameter blocks.</summary>
internal static class ClusterInfoText
{
    public static void Write(TextWriter writer, ClusterConfig config)
    {
        var cluster = config.Cluster;
        var nic = cluster.DefaultNicParams;
        writer.WriteLine($"Cluster name: {cluster.Name}");
        writer.WriteLine($"Cluster UUID: {cluster.Uuid}");
        writer.WriteLine($"Serial number: {cluster.Serial}");
        writer.WriteLine($"Config serial number: {config.Serial}");
        writer.WriteLine($"Schema version: {config.SchemaVersion}");
        writer.WriteLine($"MAC prefix: {cluster.MacPrefix}");
        writer.WriteLine($"Default hypervisor: {cluster.DefaultHypervisor ?? Core.Model.HypervisorNames.Default}");
        writer.WriteLine("Default NIC parameters:");
        writer.WriteLine($"  mode: {NicText.Mode(nic.Mode)}");
        writer.WriteLine($"  link: {nic.Link}");
        writer.WriteLine($"  vlan: {nic.Vlan}");
        writer.WriteLine($"  mvtap_mode: {NicText.MvtapMode(nic.MvtapMode) ?? (nic.Mode == NicMode.Macvtap ? "bridge" : "")}");
        writer.WriteLine($"  spoof_check: {((nic.SpoofCheck ?? NicParamsRules.DefaultSpoofCheck) ? "on" : "off")}");
        writer.WriteLine("Default links:");
        if (cluster.DefaultLinks.Count == 0)
            writer.WriteLine("  (none)");
        foreach (var (mode, link) in cluster.DefaultLinks.OrderBy(l => l.Key))
            writer.WriteLine($"  {NicText.Mode(mode)}: {link}");
        writer.WriteLine($"Node groups: {config.Groups.Count}");
        writer.WriteLine($"Nodes: {config.Nodes.Count}");
        writer.WriteLine($"Networks: {config.Networks.Count}");
        writer.WriteLine($"Instances: {config.Instances.Count}");
    }

    public static JsonObject ToJson(ClusterConfig config)
    {
        var cluster = config.Cluster;
        var nic = cluster.DefaultNicParams;
        var links = new JsonObject();
        foreach (var (mode, link) in cluster.DefaultLinks.OrderBy(l => l.Key))
            links.Add(NicText.Mode(mode), link);
        return new JsonObject
        {
            { "name", cluster.Name },
            { "uuid", cluster.Uuid.ToString() },
            { "serial_no", cluster.Serial },
            { "config_serial_no", config.Serial },
            { "schema_version", config.SchemaVersion },
            { "mac_prefix", cluster.MacPrefix },
            { "default_hypervisor", cluster.DefaultHypervisor ?? Core.Model.HypervisorNames.Default },
            {
                "nicparams", new JsonObject
                {
                    { "mode", NicText.Mode(nic.Mode) },
                    { "link", nic.Link },
                    { "vlan", nic.Vlan },
                    { "mvtap_mode", NicText.MvtapMode(nic.MvtapMode) },
                    { "spoof_check", nic.SpoofCheck ?? NicParamsRules.DefaultSpoofCheck },
                }
            },
            { "default_links", links },
            { "group_count", config.Groups.Count },
            { "node_count", config.Nodes.Count },
            { "network_count", config.Networks.Count },
            { "instance_count", config.Instances.Count },
        };
    }
}
