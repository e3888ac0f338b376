using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>
/// The fields of `instance list`, named and titled as gnt-instance list names them
/// (15-instance-list.txt), plus nic.vlans and nic.mvtap_modes. NIC lists are joined with ','
/// as Ganeti joins them; nic.networks.names is printed as Ganeti prints it, a Python list.
/// </summary>
internal static class InstanceFields
{
    public static IReadOnlyList<Field<InstanceRow>> All { get; } =
    [
        new("name", "Instance", i => i.Name),
        new("pnode", "Primary_node", i => i.Node),
        new("status", "Status", i => i.Status),
        Nics("nic.ips", "NIC_IPs", n => n.Ip, "None"),
        new("nic.networks.names", "NIC_networks_names", i => i.Nics.Select(n => n.NetworkName).ToList())
        {
            Text = i => "[" + string.Join(", ", i.Nics.Select(n => n.NetworkName is { } name ? $"'{name}'" : "None")) + "]",
        },
        Nics("nic.modes", "NIC_modes", n => NicText.Mode(n.Mode), ""),
        Nics("nic.links", "NIC_links", n => n.Link, ""),
        Nics("nic.mvtap_modes", "NIC_mvtap_modes", n => NicText.MvtapMode(n.MvtapMode), ""),
        Nics("nic.macs", "NIC_MACs", n => n.Mac, ""),
        new("nic.vlans", "NIC_VLANs", i => i.Nics.Select(n => n.Vlan).ToList())
        {
            ShownByDefault = false,
            Text = i => string.Join(",", i.Nics.Select(n => n.Vlan?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")),
        },
        Nics("nic.names", "NIC_names", n => n.Name, "None") with { ShownByDefault = false },
        new("nic.count", "NICs", i => i.Nics.Count) { Numeric = true, ShownByDefault = false },
        new("nics", "NICDetails", i => i.Nics.Select(InstanceRow.NicJson).ToList())
        {
            ShownByDefault = false,
            Text = i => string.Join("; ", i.Nics.Select(n => $"{n.Index}:{n.Mac},{n.Ip ?? "None"},{NicText.Mode(n.Mode)},{n.Link}")),
        },
        new("hypervisor", "Hypervisor", i => i.Hypervisor) { ShownByDefault = false },
        new("vcpus", "VCPUs", i => i.Vcpus) { Numeric = true, ShownByDefault = false },
        new("memory", "Memory", i => i.MemoryMiB) { Numeric = true, ShownByDefault = false },
        new("group", "Group", i => i.Group) { ShownByDefault = false },
        new("uuid", "UUID", i => i.Uuid.ToString()) { ShownByDefault = false },
        new("serial_no", "SerialNo", i => i.Serial) { Numeric = true, ShownByDefault = false },
    ];

    /// <summary>A per-NIC value joined with ','; <paramref name="none"/> stands for a missing value.</summary>
    private static Field<InstanceRow> Nics(string name, string title, Func<Core.Operations.ResolvedNic, string?> value, string none) =>
        new(name, title, i => i.Nics.Select(value).ToList())
        {
            Text = i => string.Join(",", i.Nics.Select(n => value(n) ?? none)),
        };
}
