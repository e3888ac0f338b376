namespace Tapyard.Linux.Links;

/// <summary>Which links a dump returns. Kind and master are filtered by the kernel, the lower device here.</summary>
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
