using System.Net;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Lab.Guest;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>The lab guest image with each NIC's MAC and address on the kernel command line.</summary>
public sealed class LabGuestBoot(GuestImage image, IPAddress gateway) : IGuestBootProvider
{
    public GuestBoot For(ClusterState state, Instance instance, IReadOnlyList<ResolvedNic> nics) =>
        new(image.KernelPath, image.InitrdPath,
            GuestKernelCommandLine.Build(nics.Select(n => new GuestNic(n.Mac, n.Ip is { } ip ? IPAddress.Parse(ip) : null, 24)), gateway, instance.Name));
}
