using System.Net;
using System.Net.Sockets;
using Tapyard.Linux;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Hypervisors.Qemu.Migration;

/// <summary>
/// Where a migration target listens when the config names no primary IP for the node (`node add
/// --primary-ip`; lab nodes get one): the first global IPv4 address on an up, non-loopback link in
/// the node's namespace (or on this host), which is where other nodes reach it.
/// </summary>
public static class MigrationAddress
{
    public static IPAddress? Find(NetworkNamespace networkNamespace)
    {
        using var netlink = Rtnetlink.Open(networkNamespace);
        var up = netlink.Links.List()
            .Where(link => link.Flags.HasFlag(InterfaceFlags.Up) && !link.Flags.HasFlag(InterfaceFlags.Loopback))
            .OrderBy(link => link.Index)
            .Select(link => link.Index)
            .ToList();
        var addresses = netlink.Addresses.List()
            .Where(a => a.Family == AddressFamily.InterNetwork && a.Scope == AddressScope.Universe && !a.IsTentative)
            .ToList();
        return up.SelectMany(index => addresses.Where(a => a.DeviceIndex == index)).Select(a => a.Address).FirstOrDefault();
    }
}
