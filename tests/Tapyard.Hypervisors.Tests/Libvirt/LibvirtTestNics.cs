using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Hypervisors.Tests.Libvirt;

/// <summary>Resolved NICs and instances as ClusterState.NicsOf gives them, built directly.</summary>
internal static class LibvirtTestNics
{
    public static ResolvedNic Nic(int index, NicMode mode, string? link, int? vlan = null, MvtapMode? mvtap = null,
        BandwidthLimit? bwIn = null, BandwidthLimit? bwOut = null, Guid? uuid = null) =>
        new(index, null, $"aa:00:00:00:00:{index + 1:x2}", null, null, mode, link, vlan,
            mvtap ?? (mode == NicMode.Macvtap ? MvtapMode.Bridge : null),
            false, false, vlan is null, false, uuid ?? Guid.NewGuid())
        { BwIn = bwIn, BwOut = bwOut };

    public static Instance Instance(int vcpus = 1) =>
        new() { Name = "web1", NodeUuid = Guid.NewGuid(), Vcpus = vcpus, MemoryMiB = 256, Uuid = Guid.Parse("11111111-2222-3333-4444-555555555555") };
}
