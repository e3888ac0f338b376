using Tapyard.Core.Errors;
using Tapyard.Core.Model;

namespace Tapyard.Core.Operations;

/// <summary>`instance add|remove|modify` (the config side; plugging devices is the node's job).</summary>
public static class InstanceOperations
{
    public static Instance Add(ClusterState state, InstanceAddRequest request)
    {
        ObjectNames.Check("instance", request.Name);
        if (state.Config.Instances.TryGetValue(request.Name, out var existing))
            throw new TapyardException($"instance {request.Name} already exists (UUID: {existing.Uuid}); choose another name");
        var node = state.GetNode(request.Node);
        CheckResources(request.Name, request.Vcpus, request.MemoryMiB);
        if (request.Hypervisor is { } hypervisor)
            HypervisorNames.Check(hypervisor, $"instance {request.Name}");
        var ordered = OrderNics(request.Nics);

        var planner = new NicPlanner(state, request.Name, node);
        var nics = new List<Nic>(ordered.Count);
        try
        {
            foreach (var nic in ordered)
                nics.Add(planner.Build(nic, nics));
        }
        catch
        {
            planner.Rollback();
            throw;
        }

        var instance = new Instance
        {
            Name = request.Name,
            NodeUuid = node.Uuid,
            Vcpus = request.Vcpus,
            MemoryMiB = request.MemoryMiB,
            Nics = nics,
            Hypervisor = request.Hypervisor,
        };
        state.Config.Instances[instance.Name] = instance;
        planner.Commit();
        return instance;
    }

    public static void Remove(ClusterState state, string name)
    {
        var instance = state.GetInstance(name);
        // Its QEMU and devices would be orphaned (a running instance whose QEMU died is swept by stop too).
        if (instance.State == InstanceState.Running)
            throw new TapyardException($"instance {name} is running; stop it first (tapyard instance stop {name})");
        state.Config.Instances.Remove(name);
        foreach (var nic in instance.Nics)
        {
            state.ReleaseNicIp(nic);
            state.ReleaseMac(nic.Mac);
        }
    }

    public static void Modify(ClusterState state, InstanceModifyRequest request)
    {
        var instance = state.GetInstance(request.Name);
        var node = state.NodeByUuid(instance.NodeUuid)
            ?? throw new TapyardException($"instance {instance.Name} is on a node that does not exist; the config is inconsistent");
        int vcpus = request.Vcpus ?? instance.Vcpus;
        int memory = request.MemoryMiB ?? instance.MemoryMiB;
        CheckResources(instance.Name, vcpus, memory);

        foreach (var change in request.Nics)
        {
            if (change.Action is not (NicRequestAction.Add or NicRequestAction.Remove))
                throw new TapyardException(
                    $"--net {change.Index}:... would change NIC {change.Index} of instance {instance.Name}: modify does not change existing NICs; use add:... or remove:IDX");
        }

        var nics = new List<Nic>(instance.Nics);
        var planner = new NicPlanner(state, instance.Name, node);
        try
        {
            foreach (var change in request.Nics)
            {
                switch (change.Action)
                {
                    case NicRequestAction.Remove:
                        if (change.Index is null && nics.Count == 0)
                            throw new TapyardException($"instance {instance.Name} has no NICs; there is no last NIC to remove");
                        int index = change.Index ?? nics.Count - 1;   // Ganeti's bare "remove": the last NIC
                        if (index < 0 || index >= nics.Count)
                            throw new TapyardException(NoSuchNic(instance.Name, index, nics.Count));
                        // Its address and MAC are free for the adds of this command (restored if it fails).
                        planner.Release(nics[index]);
                        nics.RemoveAt(index);
                        break;
                    case NicRequestAction.Add:
                        int at = change.Index ?? nics.Count;
                        if (at < 0 || at > nics.Count)
                            throw new TapyardException($"cannot add NIC at index {at} to instance {instance.Name}: it has {nics.Count} NICs; use an index up to {nics.Count} or add:... to append");
                        nics.Insert(at, planner.Build(change, nics));
                        break;
                }
            }
        }
        catch
        {
            planner.Rollback();
            throw;
        }

        if (request.Nics.Count == 0 && vcpus == instance.Vcpus && memory == instance.MemoryMiB)
            return;   // the serial counts changes, not commands
        instance.Nics = nics;
        instance.Vcpus = vcpus;
        instance.MemoryMiB = memory;
        instance.Serial++;
        planner.Commit();
    }

    private static void CheckResources(string name, int vcpus, int memoryMiB)
    {
        if (vcpus < 1)
            throw new TapyardException($"instance {name} needs at least 1 vCPU, not {vcpus}; give --vcpus 1 or more");
        if (memoryMiB < 1)
            throw new TapyardException($"instance {name} needs at least 1 MiB of memory, not {memoryMiB}; give --memory 1 or more");
    }

    /// <summary>The NICs of an add in index order; indexes must be 0, 1, ... without gaps or repeats.</summary>
    private static List<NicRequest> OrderNics(IReadOnlyList<NicRequest> nics)
    {
        var byIndex = new SortedDictionary<int, NicRequest>();
        for (int i = 0; i < nics.Count; i++)
        {
            var nic = nics[i];
            if (nic.Action != NicRequestAction.Set)
                throw new TapyardException("--net add:... and remove:IDX are for instance modify; give instance add its NICs as IDX:...");
            int index = nic.Index ?? i;
            if (!byIndex.TryAdd(index, nic))
                throw new TapyardException($"NIC {index} is given twice; give each NIC index once");
        }
        int expected = 0;
        foreach (int index in byIndex.Keys)
        {
            if (index != expected)
                throw new TapyardException($"NIC {expected} is missing; number the NICs 0, 1, ... without gaps");
            expected++;
        }
        return [.. byIndex.Values];
    }

    private static string NoSuchNic(string instance, int index, int count) =>
        count == 0
            ? $"instance {instance} has no NICs; there is no NIC {index} to remove"
            : $"instance {instance} has no NIC {index}; its NICs are 0..{count - 1}";
}
