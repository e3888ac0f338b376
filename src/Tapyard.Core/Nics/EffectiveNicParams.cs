namespace Tapyard.Core.Nics;

/// <summary>
/// A NIC's parameters after inheritance (NIC over the network's connection over the cluster), with
/// which values the NIC did not set itself. <see cref="Link"/> is null only when no level and no
/// cluster default gives one (<see cref="NicParamsRules.Resolve"/> refuses that for new NICs).
/// </summary>
public sealed record EffectiveNicParams(
    NicMode Mode,
    string? Link,
    int? Vlan,
    MvtapMode? MvtapMode,
    bool ModeInherited,
    bool LinkInherited,
    bool VlanInherited,
    bool MvtapModeInherited,
    bool SpoofCheck = NicParamsRules.DefaultSpoofCheck,
    bool SpoofCheckInherited = true)
{
    /// <summary>bw_in after inheritance (same rule as vlan); null: unlimited.</summary>
    public BandwidthLimit? BwIn { get; init; }
    /// <summary>bw_out after inheritance (same rule as vlan); null: unlimited.</summary>
    public BandwidthLimit? BwOut { get; init; }
}
