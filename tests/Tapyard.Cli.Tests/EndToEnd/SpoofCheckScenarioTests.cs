using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.EndToEnd;

/// <summary>spoof_check through the command line: given on a connection it is inherited, a NIC's own value wins, a bad value is one clear error.</summary>
public sealed class SpoofCheckScenarioTests : IDisposable
{
    private readonly TempStateDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void A_connection_turns_it_off_a_nic_turns_it_back_on_and_info_shows_both()
    {
        _state.Ok("cluster", "init", "-N", "mode=bridged,link=br0");
        Assert.Contains("  spoof_check: on\n", _state.Ok("cluster", "info"));
        _state.Ok("group", "add", "g1");
        _state.Ok("node", "add", "--group", "g1", "node1");
        _state.Ok("network", "add", "--network", "192.0.2.0/28", "net1");
        _state.Ok("network", "connect", "-N", "mode=macvtap,link=eth0,spoof_check=off", "net1", "g1");
        _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=net1,ip=pool", "--net", "1:network=net1,ip=pool,spoof_check=on", "web1");

        string info = _state.Ok("instance", "info", "web1");
        Assert.Contains("      spoof_check: off (inherited)\n", info);
        Assert.Contains("      spoof_check: on\n", info);
    }

    [Fact]
    public void A_value_other_than_on_or_off_is_refused_with_one_line()
    {
        var result = _state.Run("cluster", "init", "-N", "mode=bridged,link=br0,spoof_check=maybe");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("tapyard cluster init: spoof_check 'maybe' is not on or off; use spoof_check=on or spoof_check=off", result.Error.Trim().Split('\n').Single());
    }
}
