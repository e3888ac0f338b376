using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Hypervisors;
using Tapyard.Lab.Guest;

namespace Tapyard.Bench.Support;

/// <summary>The Tapyard instance boots the lab guest image with its NICs on the kernel command line.</summary>
internal sealed class BenchGuestBoot(GuestImage image) : IGuestBootProvider
{
    public GuestBoot For(ClusterState state, Instance instance, IReadOnlyList<ResolvedNic> nics) =>
        new(image.KernelPath, image.InitrdPath, InstanceGuestCommandLine.Build(state, instance, nics));
}
