using Tapyard.Core.Nics;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;

namespace Tapyard.Node;

/// <summary>
/// One NIC plugged on a node: its host device and the queue fds to hand to QEMU. <see cref="Lower"/> is
/// the NIC's link (lower device, bridge, OVS bridge or routing table); <see cref="MacvtapMode"/> means
/// something for macvtap NICs only.
/// </summary>
public sealed record PluggedNic(
    int NicIndex,
    Guid NicUuid,
    string Device,
    int Ifindex,
    MacAddress Mac,
    string Lower,
    MacvlanMode MacvtapMode,
    TapQueueSet Queues)
{
    public NicMode Mode { get; init; } = NicMode.Macvtap;
}
