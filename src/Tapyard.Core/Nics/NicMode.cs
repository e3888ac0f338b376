namespace Tapyard.Core.Nics;

/// <summary>How a NIC reaches the wire (Ganeti's nicparams mode, plus macvtap).</summary>
public enum NicMode
{
    Bridged,
    Routed,
    OpenVswitch,
    Macvtap,
}
