using System.Globalization;
using Tapyard.Bench.Boot;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Bench;

/// <summary>`tapyard bench boot`: runs <see cref="BootBenchmark"/> and prints the QEMU driver beside the libvirt driver.</summary>
internal sealed class BenchBootCommand : Command
{
    private static readonly OptionSpec Rounds = OptionSpec.Value("rounds", "N", $"boots per driver, alternating which goes first (default {BootBenchmark.DefaultRounds})", 'r');
    private static readonly OptionSpec Json = OptionSpec.Flag("json", "print the figures as one JSON object (same as --output json)");

    public override string Path => "bench boot";
    public override string Summary => "time instance start and the guest's first ping through the direct QEMU driver and the libvirt driver, same run";

    public override string Description =>
        """
        Builds a one-node lab (removed at the end) with a libvirtd of its own in the node's namespace
        (as `tapyard node libvirtd` starts it; warmed up with `virsh domcapabilities`) and two
        instances with one macvtap NIC (bridge mode on eth0) booting the lab guest image: q1 on the
        QEMU driver, l1 on the libvirt driver. Each round starts and stops both, alternating which
        goes first. "start" is Start() returning (NICs plugged, hypervisor running, NICs up, vCPUs
        running); "first ping" is from Start() called to the first echo reply the outside host
        (198.51.100.1, pinging every 200 ms) gets from the guest. Reports medians per driver. QEMUs
        and libvirtd are stopped by PID at the end, also on failure or Ctrl-C. Needs root, QEMU,
        libvirt-daemon-system and the guest image.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Rounds, Json, ListOptions.Output];

    public override int Run(CommandContext context)
    {
        int rounds = context.Arguments.Int(Rounds.Name, BootBenchmark.DefaultRounds, 1, BootBenchmark.MaximumRounds);
        bool json = context.Arguments.Has(Json.Name) || ListOptions.Format(context.Arguments) == OutputFormat.Json;
        var r = BootBenchmark.Run(rounds, context.Error, context.Cancellation);
        if (json)
        {
            context.Output.WriteLine(JsonText.Serialize(BootReportJson.From(r)));
            return ExitCodes.Success;
        }
        var o = context.Output;
        o.WriteLine(F($"{r.Rounds} boots per driver, alternating ({r.Accelerator}), lab guest, 1 macvtap NIC (bridge)"));
        o.WriteLine(F($"{"",-26}{"qemu",10}{"libvirt",10}{"libvirt - qemu",16}"));
        Row(o, "start, median (s)", BootReport.MedianStart(r.Qemu), BootReport.MedianStart(r.Libvirt));
        Row(o, "first ping, median (s)", BootReport.MedianFirstPing(r.Qemu), BootReport.MedianFirstPing(r.Libvirt));
        return ExitCodes.Success;
    }

    private static void Row(TextWriter o, string label, double qemu, double libvirt) =>
        o.WriteLine(F($"{label,-26}{qemu,10:F2}{libvirt,10:F2}{libvirt - qemu,16:+0.00;-0.00;0.00}"));

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
