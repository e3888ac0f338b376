namespace Tapyard.Node.AntiSpoof;

/// <summary>
/// The netdev hook a guest's frames pass on its host device: a macvtap's queue write is the device's
/// transmit (egress) path; a tap's queue write is the device's receive (ingress) path.
/// </summary>
public enum SpoofHook
{
    Ingress,
    Egress,
}
