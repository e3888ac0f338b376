using System.Text.Json;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.EndToEnd;

/// <summary>
/// The concurrency test through real processes: 8 workers, each running 50 `tapyard
/// instance add ... ip=pool` one after the other, all against one state directory. The store's lock
/// and compare-and-swap must lose no instance and hand out no address or MAC twice.
/// </summary>
public sealed class ConcurrentWritersTests : IDisposable
{
    private const int Workers = 8;
    private const int InstancesPerWorker = 50;

    private readonly TempStateDirectory _state = new(inMemory: true);

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Eight_processes_adding_fifty_instances_each_get_400_distinct_addresses_and_macs()
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
