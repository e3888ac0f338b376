namespace Tapyard.Bench.Boot;

/// <summary>
/// One boot: <see cref="StartSeconds"/> from `Start()` called to its return (NICs plugged, hypervisor
/// running, NICs up, vCPUs running); <see cref="FirstPingSeconds"/> from the same instant to the first
/// echo reply the outside host got from the guest. <see cref="WentFirst"/>: this driver booted first in its round.
/// </summary>
public sealed record BootSample(int Round, bool WentFirst, double StartSeconds, double FirstPingSeconds);
