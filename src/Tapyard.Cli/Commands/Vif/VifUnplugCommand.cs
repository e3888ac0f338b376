using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;
using Tapyard.Hypervisors.Nova;

namespace Tapyard.Cli.Commands.Vif;

/// <summary>`tapyard vif unplug --vif FILE.json [--node NODE]`.</summary>
internal sealed class VifUnplugCommand : Command
{
    public override string Path => "vif unplug";
    public override string Summary => "remove the host device `vif plug` made for a Nova VIF";

    public override string Description =>
        """
        Removes what `vif plug` made for the VIF (found by its records, instance vif-<port id>),
        after the node's down hooks. Unplugging a VIF that is not plugged is not an error (as in
        Nova): exit 0, empty lists, and a note on stderr.
        Prints JSON: {"vif", "node", "instance", "devices_removed": [..], "records_removed": [..]}.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = VifOptions.Common;

    public override int Run(CommandContext context)
    {
        var vif = VifOptions.Load(context);
        using var nics = VifOptions.OpenNics(context);
        var result = new NovaVifPlugger(nics).Unplug(vif);
        if (result.NothingWasPlugged)
            context.Error.WriteLine($"nothing was plugged for VIF {result.Vif} on node {result.Node}");
        context.Output.WriteLine(JsonText.Serialize(new JsonObject
        {
            { "vif", result.Vif }, { "node", result.Node }, { "instance", result.Instance },
            { "devices_removed", result.DevicesRemoved }, { "records_removed", result.RecordsRemoved },
        }));
        return ExitCodes.Success;
    }
}
