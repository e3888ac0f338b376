using System.Runtime.InteropServices;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Qemu;

/// <summary>A NIC's open tap queues, to be inherited by QEMU (<see cref="QemuLauncher"/> numbers them).</summary>
public sealed record QemuNicFiles(int Index, string Mac, IReadOnlyList<SafeHandle> Queues)
{
    /// <summary>The NICs Tapyard.Node plugged, in NIC order.</summary>
    public static IReadOnlyList<QemuNicFiles> Of(PluggedInstance plugged) =>
        plugged.Nics.Select(nic => new QemuNicFiles(nic.NicIndex, nic.Mac.ToString(), nic.Queues.Handles.Cast<SafeHandle>().ToList())).ToList();
}
