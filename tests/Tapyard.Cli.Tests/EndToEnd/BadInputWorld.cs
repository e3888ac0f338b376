using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.EndToEnd;

/// <summary>
/// One cluster built once for all bad-input cases (each case must leave it unchanged, so sharing it
/// is safe): the seed's macvtap group with inst1 on vtap-net, an unconnected /16, a full /30, a
/// connected but unused network, and an instance holding a loose address inside the /16.
/// </summary>
public sealed class BadInputWorld : IDisposable
{
    public const string Inst1Mac = "aa:00:00:12:34:56";

    public BadInputWorld()
    {
        State.Ok("cluster", "init", "-N", "mode=bridged,link=br0");
        State.Ok("group", "add", "vtap_group");
        State.Ok("node", "add", "--group", "vtap_group", "node1");
        State.Ok("node", "add", "--group", "default", "node0");
        State.Ok("network", "add", "--network", "192.0.2.0/28", "--gateway", "192.0.2.1", "--add-reserved-ips", "192.0.2.14", "vtap-net");
        State.Ok("network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=bridge", "vtap-net", "vtap_group");
        State.Ok("instance", "add", "--node", "node1", "--net", $"0:network=vtap-net,ip=pool,mac={Inst1Mac}", "inst1");
        State.Ok("network", "add", "--network", "10.20.0.0/16", "--gateway", "10.20.0.1", "big16");
        State.Ok("network", "add", "--network", "10.30.0.0/30", "tiny");
        State.Ok("network", "connect", "-N", "mode=bridged,link=br0", "tiny", "vtap_group");
        State.Ok("instance", "add", "--node", "node1", "--net", "0:network=tiny,ip=pool", "tiny1");
        State.Ok("instance", "add", "--node", "node1", "--net", "0:network=tiny,ip=pool", "tiny2");
        State.Ok("network", "add", "--network", "10.40.0.0/24", "lonely");
        State.Ok("network", "connect", "-N", "mode=bridged,link=br0", "lonely", "default");
        State.Ok("instance", "add", "--node", "node0", "--net", "0:mode=bridged,link=br0,ip=10.20.0.5", "loose1");
    }

    internal TempStateDirectory State { get; } = new();

    public void Dispose() => State.Dispose();
}
