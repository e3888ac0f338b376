using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Tests.Support;

/// <summary>Network connections for the golden tests, as ClusterState.ConnectionsOf would give them.</summary>
internal static class Connections
{
    public static NetworkConnection Of(string group, NicMode mode, string? link, int? vlan, MvtapMode? mvtapMode) =>
        new(new NodeGroup { Name = group }, new NicParams { Mode = mode, Link = link, Vlan = vlan, MvtapMode = mvtapMode },
            new EffectiveNicParams(mode, link, vlan, mvtapMode, ModeInherited: false, LinkInherited: false, VlanInherited: false, MvtapModeInherited: false));
}
