using Tapyard.Bench.Plug;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`tapyard bench plug`: runs <see cref="PlugBenchmark"/> and prints its figures.</summary>
internal sealed class BenchPlugCommand : Command
{
    private static readonly OptionSpec Count = OptionSpec.Value("count", "N", "how many macvtaps each contender plugs (default 100)", 'c');
    private static readonly OptionSpec Json = OptionSpec.Flag("json", "print the figures as one JSON object (same as --output json)");

    public override string Path => "bench plug";
    public override string Summary => "time plugging N macvtaps (create, open a queue fd, up) and deleting them: Tapyard vs ip, ip -batch";

    public override string Description =>
        """
        In a fresh network namespace with a veth as lower device, each contender in turn creates N
        macvtaps (mode bridge, explicit ifindexes) up, then deletes them:
          tapyard             LinkOperations.CreateMany (batched netlink), then DeleteMany (one RCU wait)
          tapyard_one_by_one  one netlink request per device (LinkOperations.Create)
          ip                  one `ip link add ... up` process per device, one `ip link del` per device
          ip_add_then_up      two processes per device: `ip link add`, then `ip link set DEV up`
          ip_batch            one `ip -batch` file of adds, one of deletes
        Phases: create_open_up (create, up, and one queue fd opened per device with Tapyard's opener,
        whoever created it), close_queues (all fds closed side by side: each close waits an RCU grace
        period), teardown (delete the devices).
        Per-device figures are medians where each device is its own operation and means (total / N)
        for batches. Progress goes to stderr, the figures to stdout. The namespace is deleted at the end.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Count, Json, ListOptions.Output];

    public override int Run(CommandContext context)
    {
        int count = context.Arguments.Int(Count.Name, 100, 1, PlugBenchmark.MaximumCount);
        bool json = context.Arguments.Has(Json.Name) || ListOptions.Format(context.Arguments) == OutputFormat.Json;
        var report = PlugBenchmark.Run(count, context.Error, context.Cancellation);
        if (json)
            context.Output.WriteLine(JsonText.Serialize(PlugReportJson.From(report)));
        else
            PlugReportTable.Write(context.Output, report);
        return ExitCodes.Success;
    }
}
