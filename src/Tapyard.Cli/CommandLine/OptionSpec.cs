namespace Tapyard.Cli.CommandLine;

/// <summary>
/// One option a command accepts: a long name (`--netns`), an optional one-letter alias (`-N`), and
/// either no value (a flag) or a value named <see cref="ValueName"/> in help. Repeatable options
/// collect every occurrence (`--net 0:... --net 1:...`); others may be given once.
/// </summary>
internal sealed record OptionSpec
{
    private OptionSpec(string name, string help)
    {
        if (name.Length < 2 || name.StartsWith('-'))
            throw new ArgumentException($"option name '{name}' must be a word without dashes", nameof(name));
        Name = name;
        Help = help;
    }

    public string Name { get; }
    public string Help { get; }
    public char? Alias { get; private init; }
    /// <summary>The value's placeholder in help ("NS", "N"); null for a flag.</summary>
    public string? ValueName { get; private init; }
    public bool Repeatable { get; private init; }

    public bool TakesValue => ValueName is not null;

    public static OptionSpec Flag(string name, string help, char? alias = null) =>
        new(name, help) { Alias = alias };

    public static OptionSpec Value(string name, string valueName, string help, char? alias = null, bool repeatable = false) =>
        new(name, help) { Alias = alias, ValueName = valueName, Repeatable = repeatable };

    /// <summary>How the option reads in a synopsis: "--netns NS", "-N|--nic-param SPEC", "--debug".</summary>
    public string Synopsis
    {
        get
        {
            string names = Alias is { } a ? $"-{a}|--{Name}" : $"--{Name}";
            return TakesValue ? $"{names} {ValueName}" : names;
        }
    }
}
