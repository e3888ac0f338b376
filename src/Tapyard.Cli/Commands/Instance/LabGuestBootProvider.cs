using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Hypervisors;
using Tapyard.Lab.Guest;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>
/// Wiring only: instances boot the lab's guest image (built on first use, progress on stderr) with
/// the kernel command line Lab builds from their NICs. The driver stays free of Lab (DESIGN.md layers).
/// </summary>
internal sealed class LabGuestBootProvider(TextWriter progress) : IGuestBootProvider
{
    public GuestBoot For(ClusterState state, Core.Model.Instance instance, IReadOnlyList<ResolvedNic> nics)
    {
        var image = GuestImage.Ensure(null, line => progress.WriteLine(line));
        return new GuestBoot(image.KernelPath, image.InitrdPath, InstanceGuestCommandLine.Build(state, instance, nics));
    }
}
