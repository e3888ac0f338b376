using Tapyard.Cli.Output;
using Tapyard.Core.Naming;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Node;

/// <summary>One node with what `node list` and `node info` show.</summary>
internal sealed record NodeRow(string Name, Guid Uuid, long Serial, string Group, string? Netns, string? PrimaryIp, IReadOnlyList<string> Instances)
{
    public static IReadOnlyList<NodeRow> From(ClusterState state)
    {
        var instancesByNode = state.Config.Instances.Values.ToLookup(i => i.NodeUuid, i => i.Name);
        return state.Config.Nodes.Values
            .OrderByName(n => n.Name)
            .Select(n => new NodeRow(n.Name, n.Uuid, n.Serial, state.GroupByUuid(n.GroupUuid)?.Name ?? "?", n.Netns, n.PrimaryIp,
                instancesByNode[n.Uuid].OrderByName(i => i).ToList()))
            .ToList();
    }

    public JsonObject ToJson() => new()
    {
        { "name", Name },
        { "uuid", Uuid.ToString() },
        { "serial_no", Serial },
        { "group", Group },
        { "netns", Netns },
        { "pip", PrimaryIp },
        { "pinst_list", Instances },
    };

    /// <summary>Laid out like gnt-node info: the name, then indented attributes and the primary instances as a dash list.</summary>
    public void WriteInfo(TextWriter writer)
    {
        writer.WriteLine($"Node name: {Name}");
        writer.WriteLine($"  UUID: {Uuid}");
        writer.WriteLine($"  Serial number: {Serial}");
        writer.WriteLine($"  group: {Group}");
        writer.WriteLine($"  netns: {Netns ?? "None (a real host)"}");
        writer.WriteLine($"  primary ip: {PrimaryIp ?? "None"}");
        if (Instances.Count == 0)
        {
            writer.WriteLine("  primary for no instances");
            return;
        }
        writer.WriteLine("  primary for instances:");
        foreach (string instance in Instances)
            writer.WriteLine($"    - {instance}");
    }
}
