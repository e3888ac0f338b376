using System.Text.Json;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.EndToEnd;

/// <summary>
/// Concurrent `tapyard instance add ... ip=pool` processes against one state directory: each
/// command must be one transaction, losing no instance and handing out no address or MAC twice.
/// The full 8 x 50 run is c-store's MultiProcessTests (its writer program drives the same
/// ConfigTransaction.Run the commands use); this one checks the CLI's wiring, with fewer processes.
/// </summary>
public sealed class ConcurrentWritersTests : IDisposable
{
    private const int Workers = 4;
    private const int InstancesPerWorker = 10;

    private readonly TempStateDirectory _state = new(inMemory: true);

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Parallel_instance_adds_lose_nothing_and_share_no_address_or_mac()
    {
        _state.Ok("cluster", "init", "-N", "mode=macvtap,link=eth0");
        _state.Ok("node", "add", "node1");
        _state.Ok("network", "add", "--network", "10.10.0.0/23", "--gateway", "10.10.0.1", "shared");
        _state.Ok("network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=bridge", "shared", "default");

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
        {
            for (int i = 0; i < InstancesPerWorker; i++)
            {
                var result = _state.Run("instance", "add", "--node", "node1", "--net", "0:network=shared,ip=pool", $"w{w}-i{i}");
                if (result.ExitCode != 0)
                    failures.Enqueue($"w{w}-i{i}: {result}");
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Assert.Empty(failures);

        using var list = JsonDocument.Parse(_state.Ok("instance", "list", "--output", "json"));
        var instances = list.RootElement.EnumerateArray().ToList();
        Assert.Equal(Workers * InstancesPerWorker, instances.Count);
        var nics = instances.Select(i => i.GetProperty("nics")[0]).ToList();
        Assert.Equal(Workers * InstancesPerWorker, nics.Select(n => n.GetProperty("ip").GetString()).Distinct().Count());
        Assert.Equal(Workers * InstancesPerWorker, nics.Select(n => n.GetProperty("mac").GetString()).Distinct().Count());
        Assert.Contains($"  Free: {512 - 3 - Workers * InstancesPerWorker} (", _state.Ok("network", "info", "shared"));
    }
}
