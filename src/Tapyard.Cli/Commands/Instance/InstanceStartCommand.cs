using Tapyard.Hypervisors;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceStartCommand : InstancePowerCommand
{
    public override string Path => "instance start";
    public override string Summary => "plug the instance's NICs and boot it under QEMU (paused until its NICs are up)";
    protected override string Done => "started";

    protected override void Apply(IHypervisorDriver driver, string instance) => driver.Start(instance);
}
