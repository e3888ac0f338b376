using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// `tapyard instance xml`: the instance's domain from the config, its NICs' effective parameters and,
/// for routed NICs and --prepared-devices, the devices its node's runtime records name.
/// </summary>
public static class InstanceXml
{
    public const string ConsolesDirectory = "consoles";

    public static string Render(ClusterState state, InstanceXmlRequest request)
    {
        var instance = state.GetInstance(request.Instance);
        var node = state.NodeByUuid(instance.NodeUuid)
            ?? throw new LibvirtXmlException($"instance {instance.Name} is on a node that is not in the config; move it with 'instance migrate' or fix the config");
        if (request.DomainType is { } type && type is not (LibvirtDomain.Kvm or LibvirtDomain.Qemu))
            throw new LibvirtXmlException($"unknown domain type '{type}'; use kvm or qemu");
        if (request.Kernel is null && (request.Initrd is not null || request.Cmdline is not null))
            throw new LibvirtXmlException("an initrd or kernel command line needs a kernel; give --kernel PATH");

        string runtime = RuntimeDirectory.Resolve(request.RuntimeDirectory);
        var plugged = new NicRecords(runtime, node.Name).ReadAll()
            .Where(r => r.InstanceUuid == instance.Uuid)
            .GroupBy(r => r.NicUuid)
            .ToDictionary(g => g.Key, g => g.First().Device);

        var options = new LibvirtNicOptions
        {
            Instance = instance.Name,
            Node = node.Name,
            Vcpus = instance.Vcpus,
            VhostNet = request.VhostNet ?? Qemu.VhostNet.IsAvailable,
            PreparedDevices = request.PreparedDevices,
            PluggedDevices = plugged,
        };
        var boot = request.Kernel is { } kernel
            ? new LibvirtKernelBoot(Path.GetFullPath(kernel), request.Initrd is { } initrd ? Path.GetFullPath(initrd) : null, request.Cmdline ?? LibvirtKernelBoot.DefaultCmdline)
            : null;
        string serial = request.SerialSocket is { } socket
            ? Path.GetFullPath(socket)
            : Path.Combine(runtime, ConsolesDirectory, instance.Name + ".sock");
        var domain = LibvirtInstanceDomain.Of(instance, state.NicsOf(instance), options, boot,
            request.DomainType ?? LibvirtDomain.TypeFor(Qemu.QemuAccelerator.Detect()), serial);
        return LibvirtDomainXml.ToText(LibvirtDomainXml.Build(domain));
    }
}
