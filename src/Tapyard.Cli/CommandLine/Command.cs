namespace Tapyard.Cli.CommandLine;

/// <summary>
/// One `tapyard` command, e.g. "host links". Add a command by adding one sealed subclass with a
/// parameterless constructor anywhere in this assembly: <see cref="CommandRegistry.Discover"/>
/// finds it, help lists it, and the application parses its options before <see cref="Run"/>.
/// Commands parse, call a lower layer and print; they hold no logic of their own (DESIGN.md).
/// </summary>
internal abstract class Command
{
    /// <summary>The words that select the command, space-separated: "host links", "demo".</summary>
    public abstract string Path { get; }

    /// <summary>One line for command lists.</summary>
    public abstract string Summary { get; }

    /// <summary>Paragraphs printed under the synopsis by --help; null for none.</summary>
    public virtual string? Description => null;

    /// <summary>The options this command accepts; --debug and --help are added to every command.</summary>
    public virtual IReadOnlyList<OptionSpec> Options => [];

    /// <summary>Positional arguments in the synopsis ("NAME", "NETWORK GROUP"); empty for none.</summary>
    public virtual string ArgumentsSynopsis => "";

    public virtual int MinArguments => 0;

    public virtual int MaxArguments => 0;

    /// <summary>Does the work; returns an exit code. Throw <see cref="UsageException"/> for a bad command line.</summary>
    public abstract int Run(CommandContext context);

    public string[] Words => Path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
