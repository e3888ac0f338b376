namespace Tapyard.Hypervisors.Qemu;

/// <summary>
/// One NIC on QEMU's command line: netdev "net&lt;Index&gt;" over the tap queue fds QEMU inherits at
/// <paramref name="TapFds"/>, device "nic&lt;Index&gt;" (virtio-net-pci) with the macvtap's MAC.
/// </summary>
/// <param name="VhostFds">One /dev/vhost-net fd per queue, or empty for none (no vhost).</param>
public sealed record QemuNic(int Index, string Mac, IReadOnlyList<int> TapFds, IReadOnlyList<int> VhostFds)
{
    public string NetdevId => NetdevIdOf(Index);

    public string DeviceId => DeviceIdOf(Index);

    public static string NetdevIdOf(int index) => $"net{index}";

    public static string DeviceIdOf(int index) => $"nic{index}";
}
