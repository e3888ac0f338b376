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
    bool SpoofCheckInherited = true);
