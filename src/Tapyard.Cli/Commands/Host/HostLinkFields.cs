using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Host;

/// <summary>The fields of `tapyard host links`; their names are the JSON keys and -o selectors, so keep them stable.</summary>
internal static class HostLinkFields
{
    public static IReadOnlyList<Field<HostLinkRow>> All { get; } =
    [
        new("name", "Name", r => r.Name),
        new("index", "Index", r => r.Index) { Numeric = true },
        new("kind", "Kind", r => r.Kind),
        new("mode", "Mode", r => r.Mode),
        new("lower", "Lower", r => r.Lower),
        new("lower_index", "LowerIndex", r => r.LowerIndex) { Numeric = true, ShownByDefault = false },
        new("lower_netnsid", "LowerNetnsId", r => r.LowerNamespaceId) { Numeric = true, ShownByDefault = false },
        new("mac", "MAC", r => r.Mac),
        new("mtu", "MTU", r => r.Mtu) { Numeric = true },
        new("state", "State", r => r.State),
        new("admin_up", "AdminUp", r => r.AdminUp) { ShownByDefault = false },
        new("queues", "Queues", r => new JsonObject { { "tx", r.TxQueues }, { "rx", r.RxQueues } })
        {
            Numeric = true,
            Text = r => $"{r.TxQueues}/{r.RxQueues}",
        },
        new("master", "Master", r => r.Master),
        new("vlan", "VLAN", r => r.VlanId) { Numeric = true },
        new("group", "Group", r => r.Group) { Numeric = true },
    ];
}
