using Tapyard.Core.Model;
using Tapyard.Core.Operations;

namespace Tapyard.Hypervisors;

/// <summary>
/// What an instance boots. The driver does not build guest images: the caller supplies this (the CLI
/// wires in the lab's guest image, whose kernel command line carries each NIC's MAC and address), so
/// the driver stays below the lab in the layering. Null from the provider: no kernel, firmware only.
/// </summary>
public interface IGuestBootProvider
{
    GuestBoot? For(ClusterState state, Instance instance, IReadOnlyList<ResolvedNic> nics);
}
