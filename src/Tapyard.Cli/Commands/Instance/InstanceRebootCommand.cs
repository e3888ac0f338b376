using Tapyard.Hypervisors;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceRebootCommand : InstancePowerCommand
{
    public override string Path => "instance reboot";
    public override string Summary => "reset the running instance (its NICs stay plugged)";
    protected override string Done => "rebooted";

    protected override void Apply(IHypervisorDriver driver, string instance) => driver.Reboot(instance);
}
