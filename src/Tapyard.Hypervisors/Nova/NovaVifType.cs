namespace Tapyard.Hypervisors.Nova;

/// <summary>The VIF types Tapyard understands (Nova's network model VIF_TYPE_MACVTAP, _BRIDGE, _TAP, _OVS).</summary>
public enum NovaVifType
{
    Macvtap,
    Bridge,
    Tap,
    Ovs,
}
