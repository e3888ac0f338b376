using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>
/// One --net option. <see cref="Ip"/> is null (none), "pool" or an IPv4 address; <see cref="Mac"/> is null
/// or "generate" (both: generate) or a MAC address. <see cref="Index"/>: the NIC's index for Set
/// and Remove; for Add, null appends.
/// </summary>
public sealed record NicRequest
{
    public const string Pool = "pool";
    public const string Generate = "generate";

    public NicRequestAction Action { get; init; } = NicRequestAction.Set;
    public int? Index { get; init; }
    public string? Network { get; init; }
    public string? Ip { get; init; }
    public string? Mac { get; init; }
    public string? Name { get; init; }
    public NicParams Params { get; init; } = NicParams.Empty;
}
