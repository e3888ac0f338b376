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

        var cluster = new Cluster { Name = request.Name, MacPrefix = prefix, DefaultNicParams = defaults };
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
        };
        NicParamsRules.CheckCombination(mode, merged.Vlan, merged.MvtapMode);

        cluster.DefaultNicParams = merged;
        if (merged.Link is not null)
            cluster.DefaultLinks[mode] = merged.Link;
        cluster.Serial++;
    }

    /// <summary>`cluster modify --mac-prefix`: the prefix of MACs generated from now on.</summary>
    public static void ModifyMacPrefix(ClusterState state, string macPrefix)
    {
        string prefix = MacPrefix.Parse(macPrefix).ToString();
        state.Cluster.MacPrefix = prefix;
        state.Cluster.Serial++;
    }
}
