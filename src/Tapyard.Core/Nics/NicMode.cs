namespace Tapyard.Core.Nics;

/// <summary>How a NIC reaches the wire (Ganeti's nicparams mode, plus macvtap).</summary>
public enum NicMode
{
    Bridged,
    Routed,
    OpenVswitch,
    Macvtap,

    /// <summary>
    /// Not a nicparams mode: a tap the node makes and connects to nothing, for a Nova VIF of
    /// vif_type tap (the Neutron agent wires it; Tapyard.Hypervisors' NovaVifPlugger is the only
    /// maker of such NICs). Kept out of the cluster model on purpose: <see cref="NicNames.ParseMode"/>
    /// (CLI, -N/--net parsing) and the config reader do not know "tap", and
    /// <see cref="NicParamsRules.CheckCombination"/> refuses it, so no instance NIC, network connection
    /// or cluster default can have it. Runtime records name it "tap" (<see cref="NicNames.Of(NicMode)"/>).
    /// </summary>
    Tap,
}
