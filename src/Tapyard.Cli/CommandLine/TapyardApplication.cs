using Tapyard.Core.Errors;
using Tapyard.Linux.Errors;

namespace Tapyard.Cli.CommandLine;

/// <summary>
/// Turns an argument vector into one command run and an exit code: global options, command lookup,
/// option parsing, --help, and the error contract (one clear line on stderr; 1 when the operation
/// failed, 2 when the command line was wrong; a stack trace only with --debug).
/// </summary>
internal sealed class TapyardApplication
{
    private readonly CommandRegistry _registry;

    public TapyardApplication(CommandRegistry registry) => _registry = registry;

    public static TapyardApplication CreateDefault() => new(CommandRegistry.Discover());

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        bool debug = args.TakeWhile(a => a != "--").Contains("--debug");
        string where = "tapyard";
        try
        {
            return Dispatch(args, output, error, debug, cancellation, ref where);
        }
        catch (UsageException e)
        {
            error.WriteLine($"{where}: {e.Message} (see '{where} --help')");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException e) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine($"{where}: interrupted; cleaned up what it had started");
            WriteDebug(error, e, debug);
            return ExitCodes.OperationFailed;
        }
        catch (UnknownObjectException e)
        {
            // The model names what is missing; the CLI knows where to look for what exists.
            error.WriteLine($"{where}: {e.Message}; see 'tapyard {ListNoun(e.Kind)} list'");
            WriteDebug(error, e, debug);
            return ExitCodes.OperationFailed;
        }
        catch (TapyardException e)
        {
            // A rule of the cluster model: the message already names the object and the fix.
            error.WriteLine($"{where}: {e.Message}");
            WriteDebug(error, e, debug);
            return ExitCodes.OperationFailed;
        }
        catch (TapyardLinuxException e)
        {
            error.WriteLine($"{where}: {e.Message}");
            WriteDebug(error, e, debug);
            return ExitCodes.OperationFailed;
        }
        catch (Exception e)
        {
            // Not one of ours: still one line, but say what kind of failure it was and how to learn more.
            error.WriteLine($"{where}: {e.Message} ({e.GetType().Name}{(debug ? "" : "; run with --debug for the stack trace")})");
            WriteDebug(error, e, debug);
            return ExitCodes.OperationFailed;
        }
    }

    private int Dispatch(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool debug,
        CancellationToken cancellation, ref string where)
    {
        // Global options may come before the command's words: `tapyard --debug host links`.
        // Those that take a value (--state-dir DIR) are handed on to the command's parser.
        int first = 0;
        bool help = false;
        var globalValues = new List<string>();
        for (; first < args.Count && args[first].StartsWith('-'); first++)
        {
            switch (args[first])
            {
                case "--debug": break;
                case "--help" or "-h": help = true; break;
                case var valued when valued.StartsWith($"--{GlobalOptions.StateDir.Name}=", StringComparison.Ordinal):
                    globalValues.Add(valued);
                    break;
                case var valued when valued == $"--{GlobalOptions.StateDir.Name}":
                    if (first + 1 >= args.Count)
                        throw new UsageException($"option {valued} needs a value ({GlobalOptions.StateDir.ValueName})");
                    globalValues.Add(valued);
                    globalValues.Add(args[++first]);
                    break;
                default: throw new UsageException($"unknown option {args[first]} before the command");
            }
        }

        var words = args.Skip(first).TakeWhile(a => !a.StartsWith('-')).ToList();
        var (command, used) = _registry.Find(words);
        var rest = args.Skip(first + used).ToList();
        help |= rest.TakeWhile(a => a != "--").Any(a => a is "--help" or "-h");
        if (command is null)
            return ExplainMissingCommand(words, output, help, ref where);

        where = $"tapyard {command.Path}";
        if (help)
        {
            HelpWriter.WriteCommand(output, command);
            return ExitCodes.Success;
        }

        var arguments = OptionParser.Parse([.. globalValues, .. rest], command.Options.Concat(GlobalOptions.All));
        int count = arguments.Positionals.Count;
        if (count < command.MinArguments)
            throw new UsageException(command.ArgumentsSynopsis.Length > 0
                ? $"missing argument: {command.ArgumentsSynopsis}"
                : "missing argument");
        if (count > command.MaxArguments)
            throw new UsageException(command.MaxArguments == 0
                ? $"takes no arguments, but was given '{arguments.Positionals[0]}'"
                : $"too many arguments: '{arguments.Positionals[command.MaxArguments]}' (expected {command.ArgumentsSynopsis})");

        return command.Run(new CommandContext(command, arguments, output, error, debug, cancellation));
    }

    /// <summary>`tapyard`, `tapyard host` or `tapyard nonsense`: list what exists; an error unless --help was asked.</summary>
    private int ExplainMissingCommand(List<string> words, TextWriter output, bool help, ref string where)
    {
        // The longest prefix of the words that is a noun ("host" in "host nonsense").
        int known = words.Count;
        while (known > 0 && !_registry.IsPrefix(words.Take(known).ToList()))
            known--;
        var prefix = words.Take(known).ToList();
        where = prefix.Count == 0 ? "tapyard" : $"tapyard {string.Join(' ', prefix)}";

        if (known == words.Count && help)
        {
            HelpWriter.WriteCommandList(output, _registry, prefix);
            return ExitCodes.Success;
        }
        string choices = string.Join(", ", _registry.NextWords(prefix).Select(w => w.Word));
        throw new UsageException(known < words.Count
            ? $"unknown command '{words[known]}'; choose one of: {choices}"
            : $"missing command; choose one of: {choices}");
    }

    /// <summary>The command noun that lists objects of a kind ("node group" → group).</summary>
    private static string ListNoun(string kind) => kind == "node group" ? "group" : kind;

    private static void WriteDebug(TextWriter error, Exception e, bool debug)
    {
        if (debug)
            error.WriteLine(e.ToString());
    }
}
