namespace Tapyard.Node.Hooks;

/// <summary>Everything a NIC hook's environment is made of: the instance, the NIC, its host device and its network.</summary>
public sealed record HookContext
{
    public required string Instance { get; init; }
    /// <summary>The instance's tags (TAGS, space-separated); the model has none yet, so empty today.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required int NicIndex { get; init; }
    public required Guid NicUuid { get; init; }
    public string? NicName { get; init; }
    public required string Mac { get; init; }
    /// <summary>Ganeti's nicparams mode name: macvtap, bridged, routed or openvswitch; also the hook directory's name.</summary>
    public required string Mode { get; init; }
    /// <summary>The host device (INTERFACE).</summary>
    public required string Interface { get; init; }
    public string? Ip { get; init; }
    public string? Link { get; init; }
    public int? Vlan { get; init; }
    public string? MvtapMode { get; init; }
    public HookNetwork? Network { get; init; }
}
