namespace Tapyard.Node.Hooks;

/// <summary>The network a NIC is on, as Ganeti's Network.HooksDict gives it to hooks (the NETWORK_* variables).</summary>
public sealed record HookNetwork
{
    public required string Name { get; init; }
    public Guid Uuid { get; init; }
    public string? Subnet { get; init; }
    public string? Gateway { get; init; }
    public string? Subnet6 { get; init; }
    public string? Gateway6 { get; init; }
    public string? MacPrefix { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    public static HookNetwork Of(Core.Model.Network network) => new()
    {
        Name = network.Name, Uuid = network.Uuid, Subnet = network.Subnet, Gateway = network.Gateway,
        Subnet6 = network.Subnet6, Gateway6 = network.Gateway6, MacPrefix = network.MacPrefix, Tags = network.Tags.ToList(),
    };
}
