using Tapyard.Hypervisors;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceStopCommand : InstancePowerCommand
{
    public override string Path => "instance stop";
    public override string Summary => "shut the instance down (QMP quit, then SIGTERM, then SIGKILL) and remove its NICs";
    protected override string Done => "stopped";

    protected override void Apply(IHypervisorDriver driver, string instance) => driver.Stop(instance);
}
