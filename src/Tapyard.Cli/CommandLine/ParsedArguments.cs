using System.Globalization;

namespace Tapyard.Cli.CommandLine;

/// <summary>
/// What <see cref="OptionParser"/> made of a command's arguments: option values by long name and the
/// positional arguments in order. Asking for an option the command never declared is a programming
/// error (ArgumentException), so typos in command code fail loudly in tests.
/// </summary>
internal sealed class ParsedArguments
{
    private readonly IReadOnlyDictionary<string, OptionSpec> _declared;
    private readonly Dictionary<string, List<string>> _values;

    public ParsedArguments(IReadOnlyDictionary<string, OptionSpec> declared, Dictionary<string, List<string>> values, IReadOnlyList<string> positionals)
    {
        _declared = declared;
        _values = values;
        Positionals = positionals;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>True when the option (flag or valued) was given at least once.</summary>
    public bool Has(string name) => _values.ContainsKey(Declared(name).Name);

    /// <summary>The option's value, or null when it was not given.</summary>
    public string? Value(string name) => _values.TryGetValue(Declared(name).Name, out var list) ? list[^1] : null;

    /// <summary>Every value of a repeatable option, in command-line order.</summary>
    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(Declared(name).Name, out var list) ? list : [];

    /// <summary>The option as an integer in [min, max], or <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        string? text = Value(name);
        if (text is null)
            return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            throw new UsageException($"option --{name} wants a whole number, not '{text}'");
        if (value < min || value > max)
            throw new UsageException($"option --{name} must be between {min} and {max}, not {value}");
        return value;
    }

    /// <summary>The option's value, which must be one of <paramref name="allowed"/>; <paramref name="fallback"/> when absent.</summary>
    public string Choice(string name, string fallback, params string[] allowed)
    {
        string? text = Value(name);
        if (text is null)
            return fallback;
        if (!allowed.Contains(text, StringComparer.Ordinal))
            throw new UsageException($"option --{name} must be one of {string.Join(", ", allowed)}, not '{text}'");
        return text;
    }

    private OptionSpec Declared(string name) =>
        _declared.TryGetValue(name, out var spec)
            ? spec
            : throw new ArgumentException($"option --{name} is not declared by this command", nameof(name));
}
