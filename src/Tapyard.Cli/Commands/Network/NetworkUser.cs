using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Network;

/// <summary>
/// An instance with NICs on a network: each NIC's index and IP (null when it has none). `network
/// info` prints it as Ganeti does, "inst1: 0:192.0.2.2, 2:None" (NetworkInfoText.WriteUsers).
/// </summary>
internal sealed record NetworkUser(string Instance, IReadOnlyList<(int Index, string? Ip)> Nics)
{
    public JsonObject ToJson() => new()
    {
        { "name", Instance },
        { "nics", Nics.Select(n => new JsonObject { { "index", n.Index }, { "ip", n.Ip } }).ToList() },
    };
}
