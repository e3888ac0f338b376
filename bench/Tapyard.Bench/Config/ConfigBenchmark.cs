using System.Diagnostics;
using Tapyard.Bench.Support;
using Tapyard.Core.Addressing;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;

namespace Tapyard.Bench.Config;

/// <summary>
/// `tapyard bench config`: the cluster model and the file store at size. In a temporary state
/// directory: a /16 network connected with macvtap and <c>instances</c> instances with ip=pool on it;
/// how long an instance add takes in process (the model alone, and committed through the store at
/// full size); the wall time of `network info`, `network list` and `instance list` processes at
/// that size; then a /8 network added and its first <c>allocations</c> addresses allocated
/// (FirstFree + Reserve, what ip=pool does), against the same allocations on the /16.
/// </summary>
public static class ConfigBenchmark
{
    public const string Network16 = "big16";
    public const string Network8 = "big8";
    public const string NodeName = "node1";
    /// <summary>The target for one `network info` process on the /16.</summary>
    public const double NetworkInfoTargetMs = 150;
    /// <summary>"Allocation cost independent of pool size", read as: a /8 allocation costs at most twice a /16 one.</summary>
    public const double AllocationRatioTarget = 2;

    public static ConfigReport Run(ConfigBenchmarkOptions options, TextWriter progress, CancellationToken cancellation)
    {
        var directory = Directory.CreateTempSubdirectory("tapyard-bench-config-");
        try
        {
            return Run(options, directory.FullName, progress, cancellation);
        }
        finally
        {
            if (options.KeepState)
                progress.WriteLine($"bench config: kept the state directory: tapyard --state-dir {directory.FullName} ...");
            else
                directory.Delete(recursive: true);
        }
    }

    private static ConfigReport Run(ConfigBenchmarkOptions options, string stateDirectory, TextWriter progress, CancellationToken cancellation)
    {
        var store = new FileConfigStore(stateDirectory);
        var figures = new List<ConfigFigure>();
        var unavailable = new List<string>();

        progress.WriteLine($"bench config: state directory {stateDirectory}");
        Setup(store);

        int committed = Math.Min(options.CommittedSamples, options.Instances);
        int inMemory = options.Instances - committed;
        progress.WriteLine($"bench config: adding {inMemory} instances in process (one transaction)...");
        if (inMemory > 0)
        {
            var samples = ConfigTransaction.Update(store, config => AddInstances(ClusterState.Of(config), 0, inMemory, cancellation));
            figures.Add(new("instance_add.model", "instance add, model only (ClusterState, ip=pool, generated MAC)",
                Statistics.Median(samples), "us", "median", samples.Count));
        }
        progress.WriteLine($"bench config: adding the last {committed} instances one committed transaction each...");
        if (committed > 0)
        {
            var samples = new List<double>(committed);
            for (int i = inMemory; i < options.Instances; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                ConfigTransaction.Update(store, config => InstanceOperations.Add(ClusterState.Of(config), InstanceRequest(i)));
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            figures.Add(new("instance_add.committed", $"instance add committed at {options.Instances} instances (load, add, write, fsync, rename)",
                Statistics.Median(samples), "ms", "median", samples.Count));
        }
        long configBytes = new FileInfo(store.ConfigPath).Length;
        figures.Add(new("load.warm", "loading config.json in a warm process (read, parse, check)",
            Median(options.AllocationRounds, () => store.Load()), "ms", "median", options.AllocationRounds));
        var loaded = ConfigTransaction.LoadExisting(store);
        figures.Add(new("state.warm", "ClusterState.Of plus the /16 pool, warm (what every command builds after loading)",
            Median(options.AllocationRounds, () => ClusterState.Of(loaded).PoolOf(loaded.Networks[Network16])), "ms", "median", options.AllocationRounds));

        if (options.Cli.Count > 0)
        {
            var timer = new CliTimer(options.Cli, stateDirectory);
            foreach (var (key, command) in new (string, string[])[]
            {
                ("cli.network_info", ["network", "info", Network16]),
                ("cli.network_list", ["network", "list"]),
                ("cli.instance_list", ["instance", "list"]),
                // The floors: starting the CLI at all, and loading the config with next to nothing to print.
                ("cli.help", ["--help"]),
                ("cli.group_list", ["group", "list"]),
            })
            {
                progress.WriteLine($"bench config: timing `tapyard {string.Join(' ', command)}` processes...");
                try
                {
                    var (wall, cpu) = timer.Measure(command, options.CliRuns, cancellation);
                    figures.Add(new(key, $"`tapyard {string.Join(' ', command)}` process, wall", wall, "ms", "median", options.CliRuns));
                    figures.Add(new($"{key}.cpu", $"`tapyard {string.Join(' ', command)}` process, CPU (user + system)", cpu, "ms", "median", options.CliRuns));
                }
                catch (InvalidOperationException e)
                {
                    unavailable.Add($"{key}: {e.Message}");
                }
            }
        }

        progress.WriteLine($"bench config: adding a /8 and allocating {options.Allocations} addresses on it and on the /16...");
        long addStart = Stopwatch.GetTimestamp();
        ConfigTransaction.Update(store, config => NetworkOperations.Add(ClusterState.Of(config), new NetworkAddRequest
        {
            Name = Network8,
            Network = "10.0.0.0/8",
            Gateway = "10.0.0.1",
        }));
        figures.Add(new("network_add_8.committed", "network add of a /8, committed", Stopwatch.GetElapsedTime(addStart).TotalMilliseconds, "ms", "once", 1));

        var config = ConfigTransaction.LoadExisting(store);
        int free16 = ClusterState.Of(config).PoolOf(config.Networks[Network16]).FreeCount;
        int count16 = Math.Min(options.Allocations, free16);
        WarmUpAllocation();
        var builds8 = new List<double>();
        var allocs8 = new List<double>();
        var allocs16 = new List<double>();
        // Alternating rounds, so a busy moment of the machine lands on both sizes alike.
        for (int round = 0; round < options.AllocationRounds; round++)
        {
            var (build, perAddress) = Allocations(config, Network8, options.Allocations, cancellation);
            builds8.Add(build);
            allocs8.Add(perAddress);
            allocs16.Add(Allocations(config, Network16, count16, cancellation).PerAllocationNs);
        }
        double build8 = Statistics.Median(builds8), alloc8 = Statistics.Median(allocs8), alloc16 = Statistics.Median(allocs16);
        figures.Add(new("pool_build_8", "building the /8 pool from the config (2 MiB bitmap, reservations)", build8, "ms", "median", options.AllocationRounds));
        figures.Add(new("allocate_8.total", $"allocating the first {options.Allocations} addresses of the /8", alloc8 * options.Allocations / 1e6, "ms", "median", options.AllocationRounds));
        figures.Add(new("allocate_8.per_address", "one allocation on the /8 (FirstFree + Reserve)", alloc8, "ns", "mean", options.Allocations));
        figures.Add(new("allocate_16.per_address", $"one allocation on the /16 ({count16} after its {options.Instances} instances)", alloc16, "ns", "mean", count16));

        var targets = new List<ConfigTarget>();
        if (figures.Find(f => f.Key == "cli.network_info") is { } info)
            targets.Add(new("cli.network_info", "`network info` on the /16, wall ms per process", info.Value, NetworkInfoTargetMs));
        targets.Add(new("allocate.8_over_16", "allocation cost, /8 over /16 (size independent)", alloc8 / alloc16, AllocationRatioTarget));

        return new ConfigReport(options.Instances, options.Allocations, configBytes, string.Join(' ', options.Cli), figures, targets)
        {
            Unavailable = unavailable,
        };
    }

    private static double Median(int rounds, Action work)
    {
        work();
        var samples = new List<double>(rounds);
        for (int i = 0; i < rounds; i++)
        {
            long start = Stopwatch.GetTimestamp();
            work();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return Statistics.Median(samples);
    }

    private static void Setup(FileConfigStore store)
    {
        ConfigTransaction.Initialize(store, () => ClusterOperations.Init(new ClusterInitRequest()));
        ConfigTransaction.Update(store, config =>
        {
            var state = ClusterState.Of(config);
            NodeOperations.Add(state, new NodeAddRequest { Name = NodeName });
            NetworkOperations.Add(state, new NetworkAddRequest { Name = Network16, Network = "10.20.0.0/16", Gateway = "10.20.0.1" });
            NetworkOperations.Connect(state, Network16, ClusterInitRequest.DefaultGroupName,
                new NicParams { Mode = NicMode.Macvtap, Link = "eth0", MvtapMode = MvtapMode.Bridge }, checkConflicts: true);
        });
    }

    private static List<double> AddInstances(ClusterState state, int from, int to, CancellationToken cancellation)
    {
        var samples = new List<double>(to - from);
        for (int i = from; i < to; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var request = InstanceRequest(i);
            long start = Stopwatch.GetTimestamp();
            InstanceOperations.Add(state, request);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        return samples;
    }

    private static InstanceAddRequest InstanceRequest(int i) => new()
    {
        Name = $"inst{i:D5}",
        Node = NodeName,
        Nics = [new NicRequest { Index = 0, Network = Network16, Ip = NicRequest.Pool }],
    };

    /// <summary>
    /// One round on a pool freshly built from the config: the pool build time (ms) and the mean time of
    /// one FirstFree + Reserve (ns) over <paramref name="count"/> allocations.
    /// </summary>
    private static (double BuildMs, double PerAllocationNs) Allocations(ClusterConfig config, string network, int count,
        CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var state = ClusterState.Of(config);
        long start = Stopwatch.GetTimestamp();
        var pool = state.PoolOf(config.Networks[network]);
        double build = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        start = Stopwatch.GetTimestamp();
        Allocate(pool, count);
        return (build, Stopwatch.GetElapsedTime(start).TotalNanoseconds / count);
    }

    /// <summary>
    /// Runs the allocation loop until the tiered JIT has installed optimized code: otherwise whichever
    /// size is measured first runs unoptimized code (4x slower) and the comparison says nothing.
    /// </summary>
    private static void WarmUpAllocation()
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromMilliseconds(300))
            Allocate(new AddressPool(1 << 16), 1 << 15);
        // Let the background compiler finish before the timed rounds.
        Thread.Sleep(200);
    }

    private static void Allocate(AddressPool pool, int count)
    {
        for (int i = 0; i < count; i++)
            pool.Reserve(pool.FirstFree() ?? throw new InvalidOperationException($"the pool ran out after {i} allocations"));
    }
}
