using System.Globalization;

namespace Tapyard.Node.Hooks;

/// <summary>
/// A NIC hook's variables, as Ganeti's KVM hypervisor gives kvm-ifup (hv_kvm _ConfigureNIC): INSTANCE, MAC,
/// MODE, INTERFACE, INTERFACE_INDEX (the NIC's index), INTERFACE_UUID, TAGS always; INTERFACE_NAME, IP,
/// LINK, VLAN and the network's NETWORK_* only when set; BRIDGE (= LINK) in bridged mode; plus Tapyard's
/// MVTAP_MODE in macvtap mode. ACTION (up|down) and PATH are added when a hook runs. Kept in the NIC's
/// runtime record, so a down hook sees what the up hook saw even in a sweep after a crash.
/// </summary>
public sealed class HookEnvironment
{
    private readonly SortedDictionary<string, string> _variables;

    private HookEnvironment(SortedDictionary<string, string> variables) => _variables = variables;

    public IReadOnlyDictionary<string, string> Variables => _variables;

    public string Instance => _variables.GetValueOrDefault("INSTANCE", "?");

    public string Mode => _variables.GetValueOrDefault("MODE", "");

    public string NicIndex => _variables.GetValueOrDefault("INTERFACE_INDEX", "?");

    public static HookEnvironment Of(HookContext context)
    {
        var v = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["INSTANCE"] = context.Instance,
            ["MAC"] = context.Mac,
            ["MODE"] = context.Mode,
            ["INTERFACE"] = context.Interface,
            ["INTERFACE_INDEX"] = context.NicIndex.ToString(CultureInfo.InvariantCulture),
            ["INTERFACE_UUID"] = context.NicUuid.ToString(),
            ["TAGS"] = string.Join(' ', context.Tags),
        };
        Add(v, "INTERFACE_NAME", context.NicName);
        Add(v, "IP", context.Ip);
        Add(v, "LINK", context.Link);
        Add(v, "VLAN", context.Vlan?.ToString(CultureInfo.InvariantCulture));
        if (context.Mode == "bridged")
            Add(v, "BRIDGE", context.Link);
        if (context.Mode == "macvtap")
            Add(v, "MVTAP_MODE", context.MvtapMode);
        if (context.Network is { } n)
        {
            Add(v, "NETWORK_NAME", n.Name);
            Add(v, "NETWORK_UUID", n.Uuid == Guid.Empty ? null : n.Uuid.ToString());
            Add(v, "NETWORK_SUBNET", n.Subnet);
            Add(v, "NETWORK_GATEWAY", n.Gateway);
            Add(v, "NETWORK_SUBNET6", n.Subnet6);
            Add(v, "NETWORK_GATEWAY6", n.Gateway6);
            Add(v, "NETWORK_MAC_PREFIX", n.MacPrefix);
            Add(v, "NETWORK_TAGS", n.Tags.Count > 0 ? string.Join(' ', n.Tags) : null);
        }
        return new HookEnvironment(v);
    }

    /// <summary>An environment kept in a runtime record; ACTION and PATH, if present, are dropped (they are set per run).</summary>
    public static HookEnvironment FromVariables(IReadOnlyDictionary<string, string> variables)
    {
        var v = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
            if (name is not ("ACTION" or "PATH"))
                v[name] = value;
        return new HookEnvironment(v);
    }

    /// <summary>A copy for storing in a record.</summary>
    public Dictionary<string, string> ToDictionary() => new(_variables, StringComparer.Ordinal);

    private static void Add(SortedDictionary<string, string> variables, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            variables[name] = value;
    }
}
