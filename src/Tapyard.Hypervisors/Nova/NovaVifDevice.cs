namespace Tapyard.Hypervisors.Nova;

/// <summary>
/// A host device `vif plug` made: the macvtap's name and ifindex, the char device the hypervisor opens
/// (/dev/tap&lt;ifindex&gt;: Tapyard's ifindexes are unique across namespaces, so the name cannot point at
/// another node's device; a tap's: /dev/net/tun), the MAC, Ganeti's mode name ("tap" for a tap VIF) and
/// the macvtap mode, the lower device or bridge (null for a tap VIF: it is connected to nothing), and
/// whether it was left up.
/// </summary>
public sealed record NovaVifDevice(string Name, int Ifindex, string CharDevice, string Mac, string Mode, string? MacvtapMode, string? Lower, bool Up);
