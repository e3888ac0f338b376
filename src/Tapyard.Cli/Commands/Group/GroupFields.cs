using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Group;

/// <summary>The fields of `group list`, named as gnt-group list names them; JSON keys and -o selectors.</summary>
internal static class GroupFields
{
    public static IReadOnlyList<Field<GroupRow>> All { get; } =
    [
        new("name", "Group", g => g.Name),
        new("node_cnt", "Nodes", g => g.Nodes.Count) { Numeric = true },
        new("pinst_cnt", "Instances", g => g.InstanceCount) { Numeric = true },
        new("networks", "Networks", g => g.Networks) { Text = g => string.Join(",", g.Networks) },
        new("node_list", "NodeList", g => g.Nodes) { ShownByDefault = false, Text = g => string.Join(",", g.Nodes) },
        new("uuid", "UUID", g => g.Uuid.ToString()) { ShownByDefault = false },
        new("serial_no", "SerialNo", g => g.Serial) { Numeric = true, ShownByDefault = false },
    ];
}
