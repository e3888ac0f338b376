using Tapyard.Cli.CommandLine;
using Tapyard.Core.Store;
using Tapyard.Lab;

namespace Tapyard.Cli.Commands.Lab;

/// <summary>What the lab commands share: the lab's name, and a <see cref="Tapyard.Lab.Lab"/> on the state directory.</summary>
internal static class LabOptions
{
    public static readonly OptionSpec Name = OptionSpec.Value("name", "NAME",
        $"the lab's name; its namespaces are NAME-switch, NAME-n1.. and NAME-outside (default: {LabLayout.DefaultName})");

    public static string NameOf(CommandContext context) => context.Arguments.Value(Name.Name) ?? LabLayout.DefaultName;

    /// <summary>A lab that prints its progress lines on stdout as it works.</summary>
    public static Tapyard.Lab.Lab Open(CommandContext context) =>
        new(StateDirectory.Resolve(context.Arguments.Value(GlobalOptions.StateDir.Name)), line =>
        {
            context.Output.WriteLine(line);
            context.Output.Flush();
        });
}
