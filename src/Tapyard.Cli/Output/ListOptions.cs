using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Output;

/// <summary>
/// The options every list command shares, as in `gnt-network list`: -o to choose fields (`-o +f`
/// adds to the default set), --no-headers, --separator, and --output json. Ganeti's -o chooses
/// fields, so here it is short for --fields, not for --output.
/// </summary>
internal static class ListOptions
{
    public static readonly OptionSpec Output = OptionSpec.Value("output", "FORMAT", "table (default) or json");
    public static readonly OptionSpec Fields = OptionSpec.Value("fields", "FIELD,..", "fields to show, or +FIELD,.. to add to the default ones", 'o');
    public static readonly OptionSpec NoHeaders = OptionSpec.Flag("no-headers", "leave out the header row");
    public static readonly OptionSpec Separator = OptionSpec.Value("separator", "S", "join columns with S instead of aligning them");

    public static IReadOnlyList<OptionSpec> All { get; } = [Fields, NoHeaders, Separator, Output];

    public static OutputFormat Format(ParsedArguments arguments) =>
        arguments.Choice(Output.Name, "table", "table", "json") == "json" ? OutputFormat.Json : OutputFormat.Table;
}
