namespace Tapyard.Linux.Links;

/// <summary>
/// Which links a dump returns. Kind and master are filtered by the kernel (it honours them because the
/// socket turns on strict checking); lower device and group are filtered here, as the kernel has no
/// such dump filter. A lower device is matched only in this namespace: devices whose lower lives in
/// another namespace (IFLA_LINK_NETNSID) carry that namespace's index and never match.
/// </summary>
public sealed record LinkFilter
{
    public string? Kind { get; init; }
    public int? MasterIndex { get; init; }
    public int? LowerIndex { get; init; }
    public uint? Group { get; init; }

    public bool Matches(LinkInfo link) =>
        (Kind is null || link.Kind == Kind)
        && (MasterIndex is null || link.MasterIndex == MasterIndex)
        && (LowerIndex is null || (link.LowerIndex == LowerIndex && link.LowerNamespaceId is null))
        && (Group is null || link.Group == Group);
}
