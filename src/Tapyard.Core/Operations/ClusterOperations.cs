using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>`cluster init` and `cluster modify`.</summary>
public static class ClusterOperations
{
    /// <summary>A new configuration with the cluster and its default node group.</summary>
    public static ClusterConfig Init(ClusterInitRequest request)
    {
        ObjectNames.Check("cluster", request.Name);
        ObjectNames.Check("node group", request.GroupName);
        string prefix = MacPrefix.Parse(request.MacPrefix).ToString();
        NicParamsRules.CheckValues(request.NicParams);
        var defaults = request.NicParams with { Mode = request.NicParams.Mode ?? NicParamsRules.FallbackMode };
        NicParamsRules.CheckCombination(defaults.Mode!.Value, defaults.Vlan, defaults.MvtapMode);

        if (request.Hypervisor is { } hypervisor)
            HypervisorNames.Check(hypervisor, "the cluster");
        var cluster = new Cluster { Name = request.Name, MacPrefix = prefix, DefaultNicParams = defaults, DefaultHypervisor = request.Hypervisor };
        if (defaults.Link is not null)
            cluster.DefaultLinks[defaults.Mode.Value] = defaults.Link;
        var config = new ClusterConfig { Cluster = cluster };
        var group = new NodeGroup { Name = request.GroupName };
        config.Groups[group.Name] = group;
        return config;
    }

    /// <summary>
    /// `cluster modify -N`: the given values replace the defaults. When the mode changes, the
    /// previous mode's link, vlan and mvtap_mode do not carry over; the link becomes the recorded
    /// default link of the new mode unless one is given.
    /// </summary>
    public static void Modify(ClusterState state, NicParams nicParams)
    {
        var cluster = state.Cluster;
        NicParamsRules.CheckValues(nicParams);
        var old = cluster.DefaultNicParams;
        NicMode mode = nicParams.Mode ?? old.Mode ?? NicParamsRules.FallbackMode;
        bool modeChanged = mode != (old.Mode ?? NicParamsRules.FallbackMode);
        var merged = new NicParams
        {
            Mode = mode,
            Link = nicParams.Link ?? (modeChanged ? cluster.DefaultLinks.GetValueOrDefault(mode) : old.Link),
            Vlan = nicParams.Vlan ?? (modeChanged ? null : old.Vlan),
            MvtapMode = nicParams.MvtapMode ?? (modeChanged ? null : old.MvtapMode),
            BwIn = nicParams.BwIn ?? (modeChanged ? null : old.BwIn),
            BwOut = nicParams.BwOut ?? (modeChanged ? null : old.BwOut),
        };
        NicParamsRules.CheckCombination(mode, merged.Vlan, merged.MvtapMode);
        var proposed = new Cluster
        {
            Name = cluster.Name,
            MacPrefix = cluster.MacPrefix,
            DefaultNicParams = merged,
            DefaultLinks = new Dictionary<NicMode, string>(cluster.DefaultLinks),
        };
        if (merged.Link is not null)
            proposed.DefaultLinks[mode] = merged.Link;
        CheckInheritors(state, proposed);

        if (merged == old && proposed.DefaultLinks.Count == cluster.DefaultLinks.Count
            && proposed.DefaultLinks.All(l => cluster.DefaultLinks.GetValueOrDefault(l.Key) == l.Value))
            return;   // the serial counts changes, not commands
        cluster.DefaultNicParams = merged;
        cluster.DefaultLinks = proposed.DefaultLinks;
        cluster.Serial++;
    }

    /// <summary>
    /// `cluster modify [-N ..] [--mac-prefix P]`: both changes, checked before either is made, and the
    /// cluster serial raised once for the command (not at all when nothing changed).
    /// </summary>
    public static void Modify(ClusterState state, NicParams? nicParams, string? macPrefix, string? hypervisor = null)
    {
        var cluster = state.Cluster;
        string? prefix = macPrefix is null ? null : MacPrefix.Parse(macPrefix).ToString();
        if (hypervisor is not null)
            CheckHypervisorChange(state, HypervisorNames.Check(hypervisor, "the cluster"));
        long serial = cluster.Serial;
        if (nicParams is not null)
            Modify(state, nicParams);   // raises the serial if the defaults change
        if (prefix is not null && prefix != cluster.MacPrefix)
        {
            cluster.MacPrefix = prefix;
            if (cluster.Serial == serial)
                cluster.Serial++;
        }
        if (hypervisor is not null && hypervisor != (cluster.DefaultHypervisor ?? HypervisorNames.Default))
        {
            cluster.DefaultHypervisor = hypervisor;
            if (cluster.Serial == serial)
                cluster.Serial++;
        }
    }

    /// <summary>
    /// A running instance that inherits the default would be stopped through the other hypervisor,
    /// which does not know it: refuse while one runs (checked before anything changes).
    /// </summary>
    private static void CheckHypervisorChange(ClusterState state, string hypervisor)
    {
        if (hypervisor == (state.Cluster.DefaultHypervisor ?? HypervisorNames.Default))
            return;
        var running = state.Config.Instances.Values
            .Where(i => i.Hypervisor is null && i.State != InstanceState.Stopped)
            .Select(i => i.Name).Order(StringComparer.Ordinal).ToList();
        if (running.Count > 0)
            throw new TapyardException($"instance {running[0]} runs on the default hypervisor {state.Cluster.DefaultHypervisor ?? HypervisorNames.Default}; stop {string.Join(", ", running)} before changing the default to {hypervisor}");
    }

    /// <summary>
    /// Connections and NICs inherit the defaults: refuse new defaults that would leave one of them
    /// invalid (an inherited mode that no longer fits its mvtap_mode or vlan, or without a link).
    /// Ones already invalid before (a config edited by hand) are not held against the change. A scan
    /// of all NICs, fine for a command as rare as this.
    /// </summary>
    private static void CheckInheritors(ClusterState state, Cluster proposed)
    {
        var current = state.Cluster;
        foreach (var group in state.Config.Groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            foreach (var (networkUuid, given) in group.Networks)
            {
                if (Breaks(given, null, current, proposed) is { } problem)
                    throw new TapyardException(
                        $"these defaults would break the connection of network {state.NetworkByUuid(networkUuid)?.Name ?? networkUuid.ToString()} to node group {group.Name} ({problem}); give the values at the connection or other defaults");
            }
        }
        foreach (var instance in state.Config.Instances.Values.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var group = state.NodeByUuid(instance.NodeUuid) is { } node ? state.GroupByUuid(node.GroupUuid) : null;
            for (int i = 0; i < instance.Nics.Count; i++)
            {
                var nic = instance.Nics[i];
                var connection = nic.NetworkUuid is { } uuid && group is not null ? group.Networks.GetValueOrDefault(uuid) : null;
                if (Breaks(nic.Params, connection, current, proposed) is { } problem)
                    throw new TapyardException($"these defaults would break NIC {i} of instance {instance.Name} ({problem}); change that NIC or give other defaults");
            }
        }
    }

    private static string? Breaks(NicParams own, NicParams? connection, Cluster current, Cluster proposed)
    {
        try
        {
            NicParamsRules.Resolve(own, connection, current);
        }
        catch (TapyardException)
        {
            return null;
        }
        try
        {
            NicParamsRules.Resolve(own, connection, proposed);
            return null;
        }
        catch (TapyardException error)
        {
            return error.Message;
        }
    }

    /// <summary>`cluster modify --mac-prefix`: the prefix of MACs generated from now on.</summary>
    public static void ModifyMacPrefix(ClusterState state, string macPrefix)
    {
        string prefix = MacPrefix.Parse(macPrefix).ToString();
        if (prefix == state.Cluster.MacPrefix)
            return;
        state.Cluster.MacPrefix = prefix;
        state.Cluster.Serial++;
    }
}
