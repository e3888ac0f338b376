using Tapyard.Linux.Addresses;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Netlink;
using Tapyard.Linux.Routes;
using Tapyard.Linux.TrafficControl;
using Tapyard.Linux.Vlans;

namespace Tapyard.Linux;

/// <summary>
/// The kernel's routing-netlink interface for one network namespace: links, addresses, routes, tc filters and VLAN sub-interfaces
/// over one socket opened inside that namespace.
/// </summary>
public sealed class Rtnetlink : IDisposable
{
    private readonly NetlinkSocket _socket;

    private Rtnetlink(NetworkNamespace networkNamespace, NetlinkSocket socket)
    {
        Namespace = networkNamespace;
        _socket = socket;
        Links = new LinkOperations(socket);
        Addresses = new AddressOperations(socket, Links);
        Routes = new RouteOperations(socket, Links);
        Filters = new TcFilterOperations(socket, Links);
        Vlans = new VlanSubInterfaces(this);
    }

    /// <summary>Opens rtnetlink in <paramref name="networkNamespace"/> (the host's when null).</summary>
    public static Rtnetlink Open(NetworkNamespace? networkNamespace = null)
    {
        var ns = networkNamespace ?? NetworkNamespace.Host;
        return new Rtnetlink(ns, ns.OpenNetlinkSocket());
    }

    public NetworkNamespace Namespace { get; }

    public LinkOperations Links { get; }

    public AddressOperations Addresses { get; }

    public RouteOperations Routes { get; }

    /// <summary>clsact qdiscs and eBPF tc filters.</summary>
    public TcFilterOperations Filters { get; }

    /// <summary>VLAN sub-interfaces (P.V): 802.1Q links where the kernel has them, veth pairs with tc programs where not.</summary>
    public VlanSubInterfaces Vlans { get; }

    public void Dispose() => _socket.Dispose();
}
