namespace Tapyard.Cli.CommandLine;

/// <summary>Everything a running command may use: its parsed arguments, where to print, and when to stop.</summary>
internal sealed class CommandContext
{
    public CommandContext(Command command, ParsedArguments arguments, TextWriter output, TextWriter error, bool debug,
        CancellationToken cancellation)
    {
        Command = command;
        Arguments = arguments;
        Output = output;
        Error = error;
        Debug = debug;
        Cancellation = cancellation;
    }

    public Command Command { get; }
    public ParsedArguments Arguments { get; }
    /// <summary>Data and results (stdout): what scripts read.</summary>
    public TextWriter Output { get; }
    /// <summary>Errors and progress for people (stderr), so --output json on stdout stays clean.</summary>
    public TextWriter Error { get; }
    public bool Debug { get; }
    /// <summary>Cancelled on the first Ctrl-C or SIGTERM: stop, clean up, exit.</summary>
    public CancellationToken Cancellation { get; }
}
