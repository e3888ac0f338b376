namespace Tapyard.Cli.CommandLine;

/// <summary>Options every command accepts, before or after its words.</summary>
internal static class GlobalOptions
{
    public static readonly OptionSpec Debug = OptionSpec.Flag("debug", "print stack traces with errors");
    public static readonly OptionSpec Help = OptionSpec.Flag("help", "show this help and exit", 'h');

    public static readonly OptionSpec StateDir = OptionSpec.Value("state-dir", "DIR",
        "where the cluster config lives (else $TAPYARD_STATE_DIR, else /var/lib/tapyard)");

    public static IReadOnlyList<OptionSpec> All { get; } = [Debug, Help, StateDir];
}
