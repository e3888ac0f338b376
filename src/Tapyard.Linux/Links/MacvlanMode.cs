namespace Tapyard.Linux.Links;

/// <summary>MACVLAN_MODE_* (linux/if_link.h); shared by macvlan and macvtap.</summary>
public enum MacvlanMode : uint
{
    Private = 1,
    Vepa = 2,
    Bridge = 4,
    Passthru = 8,
    Source = 16,
}
