using Tapyard.Linux.Addresses;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Netlink;
using Tapyard.Linux.Routes;

namespace Tapyard.Linux;

/// <summary>
/// The kernel's routing-netlink interface for one network namespace: links, addresses and routes
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

    public void Dispose() => _socket.Dispose();
}
