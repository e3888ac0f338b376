using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceRebootCommand : Command
{
    public override string Path => "instance reboot";
    public override string Summary => "reset the running instance (its NICs stay plugged)";
    public override IReadOnlyList<OptionSpec> Options { get; } = [InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        InstanceDriver.Choose(context).Reboot(name);
        context.Error.WriteLine($"instance {name} rebooted");
        return ExitCodes.Success;
    }
}
