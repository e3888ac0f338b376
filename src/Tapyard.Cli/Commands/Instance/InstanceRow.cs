using Tapyard.Cli.Output;
using Tapyard.Core.Model;
using Tapyard.Core.Naming;
using Tapyard.Core.Operations;
using Tapyard.Hypervisors;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>One instance with its NICs resolved (own values over the group's connection over the cluster).</summary>
internal sealed record InstanceRow(string Name, Guid Uuid, long Serial, string Node, string? Group, InstanceState State, int Vcpus,
    int MemoryMiB, IReadOnlyList<ResolvedNic> Nics, string Hypervisor, string? StatusReason = null)
{
    /// <param name="driver">When given, the state is the one observed now (running in the config but its QEMU gone: error).</param>
    public static InstanceRow Of(ClusterState state, Core.Model.Instance instance, HypervisorChoice? driver = null)
    {
        var node = state.NodeByUuid(instance.NodeUuid);
        var group = node is null ? null : state.GroupByUuid(node.GroupUuid);
        var observed = driver?.For(state, instance).Status(state, instance);
        return new InstanceRow(instance.Name, instance.Uuid, instance.Serial, node?.Name ?? "?", group?.Name, observed?.State ?? instance.State,
            instance.Vcpus, instance.MemoryMiB, state.NicsOf(instance), state.HypervisorOf(instance), observed?.Reason);
    }

    public static IReadOnlyList<InstanceRow> Of(ClusterState state, IEnumerable<Core.Model.Instance> instances, HypervisorChoice? driver = null) =>
        instances.OrderByName(i => i.Name).Select(i => Of(state, i, driver)).ToList();

    /// <summary>Ganeti's status words: ADMIN_down for a stopped instance, running, ERROR_down.</summary>
    public string Status => State switch
    {
        InstanceState.Running => "running",
        InstanceState.Error => "ERROR_down",
        _ => "ADMIN_down",
    };

    public static JsonObject NicJson(ResolvedNic nic)
    {
        var inherited = new List<string>();
        if (nic.ModeInherited)
            inherited.Add("mode");
        if (nic.LinkInherited)
            inherited.Add("link");
        if (nic.VlanInherited && nic.Vlan is not null)
            inherited.Add("vlan");
        if (nic.MvtapModeInherited && nic.MvtapMode is not null)
            inherited.Add("mvtap_mode");
        // Like vlan: named when something above the NIC set it (turned it off), not for the built-in default.
        if (nic.SpoofCheckInherited && nic.SpoofCheck != Core.Nics.NicParamsRules.DefaultSpoofCheck)
            inherited.Add("spoof_check");
        var json = new JsonObject
        {
            { "index", nic.Index },
            { "name", nic.Name },
            { "mac", nic.Mac },
            { "ip", nic.Ip },
            { "network", nic.NetworkName },
            { "mode", NicText.Mode(nic.Mode) },
            { "link", nic.Link },
            { "vlan", nic.Vlan },
            { "mvtap_mode", NicText.MvtapMode(nic.MvtapMode) },
            { "spoof_check", nic.SpoofCheck },
            { "inherited", inherited },
            { "uuid", nic.Uuid.ToString() },
        };
        if (nic.BwIn is { } bwIn)
            json.Add("bw_in", bwIn.ToString());
        if (nic.BwOut is { } bwOut)
            json.Add("bw_out", bwOut.ToString());
        return json;
    }

    public JsonObject ToJson() => new()
    {
        { "name", Name },
        { "uuid", Uuid.ToString() },
        { "serial_no", Serial },
        { "pnode", Node },
        { "group", Group },
        { "status", Status },
        { "vcpus", Vcpus },
        { "memory", MemoryMiB },
        { "hypervisor", Hypervisor },
        { "nics", Nics.Select(NicJson).ToList() },
    };
}
