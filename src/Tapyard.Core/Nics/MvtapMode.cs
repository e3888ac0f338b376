namespace Tapyard.Core.Nics;

/// <summary>The macvtap mode of a NIC with mode=macvtap (nicparam mvtap_mode; default bridge).</summary>
public enum MvtapMode
{
    Bridge,
    Vepa,
    Private,
    Passthru,
}
