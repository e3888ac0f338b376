using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>
/// A NIC as it behaves: its own values plus what it inherits from its network's connection to the
/// node's group and the cluster defaults. The *Inherited flags say which values the NIC did not set
/// itself (an inherited mvtap_mode may be the built-in default, bridge).
/// </summary>
public sealed record ResolvedNic(
    int Index,
    string? Name,
    string Mac,
    string? Ip,
    string? NetworkName,
    NicMode Mode,
    string? Link,
    int? Vlan,
    MvtapMode? MvtapMode,
    bool ModeInherited,
    bool LinkInherited,
    bool VlanInherited,
    bool MvtapModeInherited,
    Guid Uuid,
    bool SpoofCheck = NicParamsRules.DefaultSpoofCheck,
    bool SpoofCheckInherited = true)
{
    /// <summary>The NIC's network (for the NETWORK_* variables of NIC hooks); null when it has none.</summary>
    public Model.Network? Network { get; init; }
    /// <summary>Rate limit of traffic to the guest (nicparam bw_in), null: unlimited.</summary>
    public BandwidthLimit? BwIn { get; init; }
    /// <summary>Rate limit of traffic from the guest (nicparam bw_out), null: unlimited.</summary>
    public BandwidthLimit? BwOut { get; init; }
}
