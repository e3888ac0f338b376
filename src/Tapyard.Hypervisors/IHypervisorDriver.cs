using Tapyard.Core.Model;
using Tapyard.Core.Operations;

namespace Tapyard.Hypervisors;

/// <summary>
/// The boundary between Tapyard and a hypervisor: the CLI calls this, and a driver (QEMU here; libvirt
/// or Xen later) plugs in without Node or Core changing. A driver plugs the NICs through Tapyard.Node,
/// runs the guest, and keeps the instance's state in the config.
/// </summary>
public interface IHypervisorDriver
{
    /// <summary>"qemu", "libvirt"...</summary>
    string Name { get; }

    /// <summary>Plugs the NICs and boots the instance; on failure nothing is left running or plugged.</summary>
    void Start(string instance);

    /// <summary>Shuts the instance down (gracefully, then by force), sweeps its NICs, marks it stopped.</summary>
    void Stop(string instance);

    /// <summary>Resets the running instance; its NICs stay plugged.</summary>
    void Reboot(string instance);

    /// <summary>The state as observed now (read-only: nothing is changed or cleaned).</summary>
    HypervisorStatus Status(Instance instance);

    /// <summary><see cref="Status(Instance)"/> with the config already read (`instance list` asks for every instance of one read).</summary>
    HypervisorStatus Status(ClusterState state, Instance instance) => Status(instance);
}
