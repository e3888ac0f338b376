using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Node;

/// <summary>The fields of `node list`, named as gnt-node list names them; JSON keys and -o selectors.</summary>
internal static class NodeFields
{
    public static IReadOnlyList<Field<NodeRow>> All { get; } =
    [
        new("name", "Node", n => n.Name),
        new("group", "Group", n => n.Group),
        new("netns", "Netns", n => n.Netns),
        new("pip", "PrimaryIP", n => n.PrimaryIp) { ShownByDefault = false },
        new("pinst_cnt", "Pinst", n => n.Instances.Count) { Numeric = true },
        new("pinst_list", "PriInstances", n => n.Instances) { ShownByDefault = false, Text = n => string.Join(",", n.Instances) },
        new("uuid", "UUID", n => n.Uuid.ToString()) { ShownByDefault = false },
        new("serial_no", "SerialNo", n => n.Serial) { Numeric = true, ShownByDefault = false },
    ];
}
