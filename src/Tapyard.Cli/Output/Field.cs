namespace Tapyard.Cli.Output;

/// <summary>
/// One column of a list, Ganeti style: a stable lower-case <see cref="Name"/> (the JSON key and the
/// -o selector), a <see cref="Title"/> for the table header, and the value. The JSON gets the value
/// as is (string, number, bool, null or a nested <see cref="JsonObject"/>); the table gets
/// <see cref="Text"/> when set, else the value printed plainly, "-" for null.
/// </summary>
internal sealed record Field<T>(string Name, string Title, Func<T, object?> Value)
{
    /// <summary>Right-aligned in tables, as Ganeti aligns numbers.</summary>
    public bool Numeric { get; init; }

    /// <summary>Shown when the user does not choose fields with -o; JSON always has every field.</summary>
    public bool ShownByDefault { get; init; } = true;

    public Func<T, string>? Text { get; init; }

    public string TableText(T row) => Text is { } text ? text(row) : Plain(Value(row));

    private static string Plain(object? value) => value switch
    {
        null => "-",
        bool b => b ? "Y" : "N",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };
}
