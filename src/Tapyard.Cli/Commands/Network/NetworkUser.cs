using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Network;

/// <summary>An instance with NICs on a network: each NIC's index and IP (null when it has none).</summary>
internal sealed record NetworkUser(string Instance, IReadOnlyList<(int Index, string? Ip)> Nics)
{
    /// <summary>Ganeti's "inst1: 0:192.0.2.2, 2:192.0.2.9"; a NIC without an IP reads "1:None", as Ganeti prints it.</summary>
    public string InfoText() => $"{Instance}: {string.Join(", ", Nics.Select(n => $"{n.Index}:{n.Ip ?? "None"}"))}";

    public JsonObject ToJson() => new()
    {
        { "name", Instance },
        { "nics", Nics.Select(n => new JsonObject { { "index", n.Index }, { "ip", n.Ip } }).ToList() },
    };
}
