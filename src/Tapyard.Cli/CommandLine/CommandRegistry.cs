using System.Reflection;

namespace Tapyard.Cli.CommandLine;

/// <summary>
/// Every command, found by its words. Commands form a tree of nouns and verbs ("host" → "links");
/// a leaf may also sit at the top ("demo"). Lookup takes the longest run of words that names a command.
/// </summary>
internal sealed class CommandRegistry
{
    private readonly Dictionary<string, Command> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommandGroup> _groups = new(StringComparer.Ordinal);

    /// <summary>Registers every concrete <see cref="Command"/> and <see cref="CommandGroup"/> in this assembly.</summary>
    public static CommandRegistry Discover()
    {
        var registry = new CommandRegistry();
        foreach (var type in typeof(CommandRegistry).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true }))
        {
            if (type.IsSubclassOf(typeof(Command)))
                registry.Add((Command)Create(type));
            else if (type.IsSubclassOf(typeof(CommandGroup)))
                registry.Add((CommandGroup)Create(type));
        }
        return registry;
    }

    public IEnumerable<Command> Commands => _commands.Values.OrderBy(c => c.Path, StringComparer.Ordinal);

    public CommandRegistry Add(Command command)
    {
        var words = command.Words;
        if (words.Length == 0 || words.Any(w => w.StartsWith('-')))
            throw new ArgumentException($"command path '{command.Path}' must be words that do not start with '-'");
        if (!_commands.TryAdd(Key(words), command))
            throw new InvalidOperationException($"two commands claim 'tapyard {command.Path}': {_commands[Key(words)].GetType().Name} and {command.GetType().Name}");
        return this;
    }

    public CommandRegistry Add(CommandGroup group)
    {
        if (!_groups.TryAdd(group.Name, group))
            throw new InvalidOperationException($"two command groups claim 'tapyard {group.Name}'");
        return this;
    }

    /// <summary>
    /// The command named by the longest prefix of <paramref name="words"/>, and how many words it used;
    /// null when no prefix names a command.
    /// </summary>
    public (Command? Command, int WordsUsed) Find(IReadOnlyList<string> words)
    {
        for (int length = words.Count; length > 0; length--)
        {
            if (_commands.TryGetValue(Key(words.Take(length)), out var command))
                return (command, length);
        }
        return (null, 0);
    }

    /// <summary>True when some command's path starts with <paramref name="prefix"/> (a noun, or nothing).</summary>
    public bool IsPrefix(IReadOnlyList<string> prefix) =>
        prefix.Count == 0 || _commands.Values.Any(c => c.Words.Length > prefix.Count && c.Words.Take(prefix.Count).SequenceEqual(prefix));

    /// <summary>The next words after <paramref name="prefix"/>, each with a summary: a command's, or its group's.</summary>
    public IReadOnlyList<(string Word, string Summary)> NextWords(IReadOnlyList<string> prefix)
    {
        return _commands.Values
            .Where(c => c.Words.Length > prefix.Count && c.Words.Take(prefix.Count).SequenceEqual(prefix))
            .GroupBy(c => c.Words[prefix.Count], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var exact = g.FirstOrDefault(c => c.Words.Length == prefix.Count + 1);
                string summary = exact?.Summary
                    ?? (prefix.Count == 0 && _groups.TryGetValue(g.Key, out var group) ? group.Summary
                        : string.Join(", ", g.Select(c => c.Words[prefix.Count + 1]).Distinct().Order(StringComparer.Ordinal)));
                return (g.Key, summary);
            })
            .ToList();
    }

    private static string Key(IEnumerable<string> words) => string.Join(' ', words);

    private static object Create(Type type) =>
        Activator.CreateInstance(type, nonPublic: true)
        ?? throw new InvalidOperationException($"{type.Name} needs a parameterless constructor to be registered");
}
