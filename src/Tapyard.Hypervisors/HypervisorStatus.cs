using Tapyard.Core.Model;

namespace Tapyard.Hypervisors;

/// <summary>
/// An instance's state as observed now: the config's state corrected by what runs (an instance the
/// config calls running whose process is gone is <see cref="InstanceState.Error"/>).
/// </summary>
/// <param name="Pid">The hypervisor process, while it runs.</param>
/// <param name="Reason">Why the state is error, when it is.</param>
public sealed record HypervisorStatus(InstanceState State, int? Pid, string? Reason);
