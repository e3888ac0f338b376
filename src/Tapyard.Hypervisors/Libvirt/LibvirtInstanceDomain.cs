using Tapyard.Core.Model;
using Tapyard.Core.Operations;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>The libvirt domain of a Tapyard instance (what `tapyard instance xml` prints).</summary>
public static class LibvirtInstanceDomain
{
    public static LibvirtDomain Of(
        Instance instance, IReadOnlyList<ResolvedNic> nics, LibvirtNicOptions nicOptions,
        LibvirtKernelBoot? boot = null, string domainType = LibvirtDomain.Kvm, string? serialSocket = null, string? emulator = null) =>
        new()
        {
            Name = instance.Name,
            Uuid = instance.Uuid,
            MemoryMiB = instance.MemoryMiB,
            Vcpus = instance.Vcpus,
            DomainType = domainType,
            Boot = boot,
            SerialSocket = serialSocket,
            Emulator = emulator,
            Interfaces = LibvirtNicInterfaces.For(nics, nicOptions with { Instance = instance.Name, Vcpus = instance.Vcpus }),
        };
}
