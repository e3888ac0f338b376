using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Lab.Guest;

namespace Tapyard.Hypervisors.Tests.Support;

/// <summary>Instances boot the lab's guest image (built once into the repository's .cache).</summary>
internal sealed class LabGuestBoot : IGuestBootProvider
{
    private readonly Lazy<GuestImage> _image = new(() => GuestImage.Ensure(RepoRoot.CacheDirectory));

    public GuestBoot For(ClusterState state, Instance instance, IReadOnlyList<ResolvedNic> nics) =>
        new(_image.Value.KernelPath, _image.Value.InitrdPath, InstanceGuestCommandLine.Build(state, instance, nics));
}
