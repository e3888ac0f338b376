using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceStartCommand : Command
{
    public override string Path => "instance start";
    public override string Summary => "plug the instance's NICs and boot it under QEMU (paused until its NICs are up)";
    public override IReadOnlyList<OptionSpec> Options { get; } = [InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        InstanceDriver.Choose(context).Start(name);
        context.Error.WriteLine($"instance {name} started");
        return ExitCodes.Success;
    }
}
