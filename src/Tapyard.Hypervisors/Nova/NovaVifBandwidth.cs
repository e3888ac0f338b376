using Tapyard.Core.Nics;

namespace Tapyard.Hypervisors.Nova;

/// <summary>
/// Bandwidth limits from the VIF's "quota" object (Nova's flavor extra specs
/// quota:vif_inbound_average, _peak, _burst and quota:vif_outbound_*; the "quota:" prefix is
/// optional). Inbound is traffic to the guest, outbound traffic from it.
/// </summary>
public sealed record NovaVifBandwidth(BandwidthLimit? Inbound, BandwidthLimit? Outbound)
{
    public static NovaVifBandwidth None { get; } = new(null, null);

    public bool IsNone => Inbound is null && Outbound is null;
}
