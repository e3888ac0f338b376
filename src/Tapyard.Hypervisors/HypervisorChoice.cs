using Tapyard.Core.Model;
using Tapyard.Core.Store;

namespace Tapyard.Hypervisors;

/// <summary>
/// The driver of each instance, as the config names it (the instance's hypervisor, else the cluster's
/// default, else qemu: ClusterState.HypervisorOf): one IHypervisorDriver the CLI calls for any instance.
/// </summary>
public sealed class HypervisorChoice(IConfigStore store, IReadOnlyList<IHypervisorDriver> drivers) : IHypervisorDriver
{
    public string Name => string.Join("|", drivers.Select(d => d.Name));

    /// <summary>The driver <paramref name="instance"/> runs on.</summary>
    public IHypervisorDriver For(Instance instance) => For(ConfigTransaction.Read(store), instance);

    /// <summary>The driver <paramref name="instance"/> runs on, from a config the caller has read already (listing many instances reads it once).</summary>
    public IHypervisorDriver For(Core.Operations.ClusterState state, Instance instance)
    {
        string name = state.HypervisorOf(instance);
        return drivers.FirstOrDefault(d => d.Name == name)
            ?? throw new HypervisorException($"instance {instance.Name} names hypervisor '{name}', which this build has no driver for; use {Name}");
    }

    public IHypervisorDriver For(string instance) => For(ConfigTransaction.Read(store).GetInstance(instance));

    public void Start(string instance) => For(instance).Start(instance);

    public void Stop(string instance) => For(instance).Stop(instance);

    public void Reboot(string instance) => For(instance).Reboot(instance);

    public HypervisorStatus Status(Instance instance) => For(instance).Status(instance);
}
