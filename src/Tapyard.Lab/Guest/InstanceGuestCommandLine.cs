using System.Net;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;

namespace Tapyard.Lab.Guest;

/// <summary>
/// The lab guest's kernel command line for an instance of the cluster: each NIC by its MAC with the
/// address the cluster gave it and its network's prefix length, the first network gateway as the
/// default route, the instance's name as hostname.
/// </summary>
public static class InstanceGuestCommandLine
{
    public static string Build(ClusterState state, Instance instance, IReadOnlyList<ResolvedNic> nics)
    {
        var guestNics = new List<GuestNic>();
        IPAddress? gateway = null;
        foreach (var nic in nics)
        {
            var network = nic.NetworkName is { } name ? state.GetNetwork(name) : null;
            int prefix = network is null ? 24 : state.SubnetOf(network).PrefixLength;
            guestNics.Add(new GuestNic(nic.Mac, nic.Ip is { } ip ? IPAddress.Parse(ip) : null, prefix));
            if (gateway is null && network?.Gateway is { } gw && nic.Ip is not null)
                gateway = IPAddress.Parse(gw);
        }
        bool hostnameFits = instance.Name.Length is > 0 and <= 63 && instance.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
        return GuestKernelCommandLine.Build(guestNics, gateway, hostnameFits ? instance.Name : null);
    }
}
