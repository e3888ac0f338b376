using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;
using Tapyard.Hypervisors.Qemu.Hotplug;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceModifyCommand : Command
{
    private static readonly OptionSpec Net = OptionSpec.Value("net", "add:network=NET[,ip=..][,mac=..][,vlan=..][,mvtap_mode=..]|add:mode=..,link=..|remove:IDX|remove",
        "add a NIC (no mode or link with network=) or remove the NIC at IDX, or the last one (its address and MAC are free for later adds)", repeatable: true);
    private static readonly OptionSpec Vcpus = OptionSpec.Value("vcpus", "C", "virtual CPUs");
    private static readonly OptionSpec Memory = OptionSpec.Value("memory", "MiB", "memory in MiB");

    public override string Path => "instance modify";
    public override string Summary => "add or remove NICs of an instance (hot-plug while it runs), change its vCPUs or memory";
    public override IReadOnlyList<OptionSpec> Options { get; } = [Net, Vcpus, Memory, InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        var arguments = context.Arguments;
        var nets = arguments.Values(Net.Name);
        if (!new[] { Net, Vcpus, Memory }.Any(o => arguments.Has(o.Name)))
            throw new UsageException($"nothing to change: give {Net.Synopsis}, --vcpus or --memory");
        var request = new InstanceModifyRequest
        {
            Name = arguments.Positionals[0],
            Vcpus = arguments.Has(Vcpus.Name) ? arguments.Int(Vcpus.Name, 0, 1, 1024) : null,
            MemoryMiB = arguments.Has(Memory.Name) ? arguments.Int(Memory.Name, 0, 1, 16 * 1024 * 1024) : null,
            Nics = nets.Select(NicRequestParser.Parse).ToList(),
        };
        InstanceRow row;
        if (ConfigAccess.Read(context).GetInstance(request.Name).State == Core.Model.InstanceState.Running)
        {
            // A running instance: the NICs change in the running QEMU too (hot-plug), together with the config.
            InstanceDriver.RequireQemu(context, request.Name, "changing a running instance");
            new QemuNicHotplug(ConfigAccess.Open(context), InstanceDriver.Options(context)).Modify(request);
            var state = ConfigAccess.Read(context);
            row = InstanceRow.Of(state, state.GetInstance(request.Name));
        }
        else
        {
            row = ConfigAccess.Change(context, state =>
            {
                InstanceOperations.Modify(state, request);
                return InstanceRow.Of(state, state.GetInstance(request.Name));
            });
        }
        NicSummary.Write(context.Output, row);
        return ExitCodes.Success;
    }
}
