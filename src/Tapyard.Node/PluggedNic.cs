using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;

namespace Tapyard.Node;

/// <summary>One NIC plugged on a node: its host device and the queue fds to hand to QEMU.</summary>
public sealed record PluggedNic(
    int NicIndex,
    Guid NicUuid,
    string Device,
    int Ifindex,
    MacAddress Mac,
    string Lower,
    MacvlanMode MacvtapMode,
    TapQueueSet Queues);
