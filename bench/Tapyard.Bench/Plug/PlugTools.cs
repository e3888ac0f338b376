namespace Tapyard.Bench.Plug;

/// <summary>The names of the contenders, as they appear in JSON keys.</summary>
public static class PlugTools
{
    /// <summary>Tapyard.Linux batched: LinkOperations.CreateMany, then LinkOperations.DeleteMany.</summary>
    public const string Tapyard = "tapyard";
    /// <summary>Tapyard.Linux one request per device (LinkOperations.Create); teardown is not measured separately.</summary>
    public const string TapyardOneByOne = "tapyard_one_by_one";
    /// <summary>One `ip` process per device (`ip link add ... up`, `ip link del`): the cheapest per-device use of ip.</summary>
    public const string Ip = "ip";
    /// <summary>Two `ip` processes per device: `ip link add`, then `ip link set DEV up`; teardown not timed separately.</summary>
    public const string IpAddThenUp = "ip_add_then_up";
    /// <summary>One `ip -batch` process for all devices.</summary>
    public const string IpBatch = "ip_batch";
}
