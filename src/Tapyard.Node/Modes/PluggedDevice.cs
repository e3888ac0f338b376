using Tapyard.Linux.Tap;

namespace Tapyard.Node.Modes;

/// <summary>A device a plugger made: its record, and its queue fds when the create opened them (taps; macvtap queues are opened afterwards, all at once).</summary>
internal sealed record PluggedDevice(NicRecord Record, TapQueueSet? Queues);
