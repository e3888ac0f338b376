namespace Tapyard.Cli.CommandLine;

/// <summary>
/// A noun that groups commands ("host", "network") so `tapyard --help` can say what it is about.
/// Optional: a noun without one still works, it just has no summary. Discovered like commands.
/// </summary>
internal abstract class CommandGroup
{
    public abstract string Name { get; }

    public abstract string Summary { get; }
}
