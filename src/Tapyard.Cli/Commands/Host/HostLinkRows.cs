using Tapyard.Linux.Links;

namespace Tapyard.Cli.Commands.Host;

/// <summary>Builds <see cref="HostLinkRow"/>s from one dump, resolving lower and master indexes against the same dump.</summary>
internal static class HostLinkRows
{
    public static IReadOnlyList<HostLinkRow> From(IReadOnlyList<LinkInfo> all, string? kind)
    {
        var names = all.ToDictionary(l => l.Index, l => l.Name);
        return all
            .Where(l => kind is null || string.Equals(l.Kind, kind, StringComparison.Ordinal))
            .Select(l => new HostLinkRow
            {
                Name = l.Name,
                Index = l.Index,
                Kind = l.Kind,
                Mode = l.MacvlanMode?.ToName(),
                Lower = LowerName(l, names),
                LowerIndex = OtherEnd(l),
                LowerNamespaceId = l.LowerNamespaceId,
                Mac = l.Mac?.ToString(),
                Mtu = l.Mtu,
                State = StateName(l.OperationalState),
                AdminUp = l.IsUp,
                TxQueues = l.TxQueues,
                RxQueues = l.RxQueues,
                Master = l.MasterIndex is { } m ? names.GetValueOrDefault(m, $"@if{m}") : null,
                VlanId = l.VlanId,
                Group = l.Group,
            })
            .ToList();
    }

    /// <summary>
    /// A lower device in another namespace (IFLA_LINK_NETNSID set) has an index that means nothing
    /// here, so it is shown as iproute2 does: "@if5". An index missing from the dump likewise.
    /// </summary>
    private static string? LowerName(LinkInfo link, IReadOnlyDictionary<int, string> names)
    {
        if (OtherEnd(link) is not { } lower)
            return null;
        if (link.LowerNamespaceId is null && names.TryGetValue(lower, out var name))
            return name;
        return $"@if{lower}";
    }

    /// <summary>What iproute2 prints after '@': the lower device, or for a veth its peer.</summary>
    private static int? OtherEnd(LinkInfo link) => link.LowerIndex ?? link.PeerIndex;

    public static string StateName(OperationalState state) => state switch
    {
        OperationalState.Up => "up",
        OperationalState.Down => "down",
        OperationalState.LowerLayerDown => "lowerlayerdown",
        OperationalState.NotPresent => "notpresent",
        OperationalState.Testing => "testing",
        OperationalState.Dormant => "dormant",
        _ => "unknown",
    };
}
