using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;
using Tapyard.Node;
using Tapyard.Node.Hooks;

namespace Tapyard.Hypervisors;

/// <summary>
/// What every driver does the same way around a guest: open a node's NICs (with the hooks and the
/// OVS database the driver was given) and take the instance's lock. One file lock per instance for
/// all drivers, so a QEMU start and a libvirt stop of one instance never interleave.
/// </summary>
public static class DriverNodes
{
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The NICs of <paramref name="node"/>; a lab node whose namespace is gone is one clear error naming <paramref name="what"/>.</summary>
    public static NodeNics Open(Core.Model.Node node, string instance, string what, string runtimeDirectory, string? ovsDatabase, NicHooks? hooks)
    {
        try
        {
            var nics = NodeNics.Open(node, runtimeDirectory, ovsDatabase);
            nics.Hooks = hooks;
            return nics;
        }
        catch (NamespaceNotFoundException e)
        {
            throw new HypervisorException($"cannot {what} instance {instance}: node {node.Name}'s network namespace {node.Netns} does not exist; "
                + "bring the lab up (tapyard lab up) or fix the node", e);
        }
    }

    /// <summary>The instance's lock (flock on RUN_DIR/instances/NAME.lock), held by start, stop, reboot, migration and hot-plug.</summary>
    public static IDisposable Lock(string lockFile, string instance)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        return FileLock.TryAcquire(lockFile, LockTimeout)
            ?? throw new HypervisorException($"another start, stop or reboot of instance {instance} has been running for {LockTimeout.TotalMinutes:0} minutes; wait or check it ({lockFile})");
    }
}
