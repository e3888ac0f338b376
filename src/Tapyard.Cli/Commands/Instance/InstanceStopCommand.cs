using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceStopCommand : Command
{
    public override string Path => "instance stop";
    public override string Summary => "shut the instance down (QMP quit, then SIGTERM, then SIGKILL) and remove its NICs";
    public override IReadOnlyList<OptionSpec> Options { get; } = [InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        InstanceDriver.Choose(context).Stop(name);
        context.Error.WriteLine($"instance {name} stopped");
        return ExitCodes.Success;
    }
}
