using Tapyard.Cli.CommandLine;
using Tapyard.Hypervisors;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>`instance start|stop|reboot NAME`: one call on the instance's own driver, then one line saying it happened.</summary>
internal abstract class InstancePowerCommand : Command
{
    public override IReadOnlyList<OptionSpec> Options { get; } = [InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    /// <summary>What the instance became: "started", "stopped"...</summary>
    protected abstract string Done { get; }

    protected abstract void Apply(IHypervisorDriver driver, string instance);

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        Apply(InstanceDriver.Choose(context), name);
        context.Error.WriteLine($"instance {name} {Done}");
        return ExitCodes.Success;
    }
}
