using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Output;

/// <summary>Prints rows through their <see cref="Field{T}"/>s as a table or a JSON array, following <see cref="ListOptions"/>.</summary>
internal static class ListPrinter
{
    public static void Print<T>(CommandContext context, IReadOnlyList<T> rows, IReadOnlyList<Field<T>> fields,
        TableStyle style = TableStyle.Trimmed) =>
        Print(context, context.Output, rows, fields, style);

    /// <summary>As above, printing to <paramref name="output"/> (a buffer) instead of the command's output.</summary>
    public static void Print<T>(CommandContext context, TextWriter output, IReadOnlyList<T> rows, IReadOnlyList<Field<T>> fields,
        TableStyle style = TableStyle.Trimmed)
    {
        var arguments = context.Arguments;
        var chosen = Choose(fields, arguments.Value(ListOptions.Fields.Name));
        if (ListOptions.Format(arguments) == OutputFormat.Json)
        {
            // Without -o a program gets every field, so its keys never depend on table defaults.
            var keys = arguments.Has(ListOptions.Fields.Name) ? chosen : fields;
            output.WriteLine(ToJson(rows, keys));
            return;
        }
        WriteTable(output, rows, chosen, headers: !arguments.Has(ListOptions.NoHeaders.Name), arguments.Value(ListOptions.Separator.Name), style);
    }

    public static string ToJson<T>(IReadOnlyList<T> rows, IReadOnlyList<Field<T>> fields)
    {
        var array = rows.Select(row =>
        {
            var member = new JsonObject();
            foreach (var field in fields)
                member.Add(field.Name, field.Value(row));
            return member;
        }).ToList();
        return JsonText.Serialize(array);
    }

    public static void WriteTable<T>(TextWriter writer, IReadOnlyList<T> rows, IReadOnlyList<Field<T>> fields, bool headers = true, string? separator = null,
        TableStyle style = TableStyle.Trimmed)
    {
        var cells = rows.Select(row => (IReadOnlyList<string>)fields.Select(f => f.TableText(row)).ToList()).ToList();
        TableWriter.Write(writer, headers ? fields.Select(f => f.Title).ToList() : null, cells, fields.Select(f => f.Numeric).ToList(), separator, style);
    }

    /// <summary>The fields named by -o ("a,b" replaces the defaults, "+a,b" adds to them); the defaults when null.</summary>
    public static IReadOnlyList<Field<T>> Choose<T>(IReadOnlyList<Field<T>> fields, string? selection)
    {
        var defaults = fields.Where(f => f.ShownByDefault).ToList();
        if (selection is null)
            return defaults;
        bool add = selection.StartsWith('+');
        var chosen = add ? new List<Field<T>>(defaults) : [];
        foreach (string name in selection.TrimStart('+').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var field = fields.FirstOrDefault(f => f.Name == name)
                ?? throw new UsageException($"unknown field '{name}'; fields: {string.Join(",", fields.Select(f => f.Name))}");
            if (!chosen.Contains(field))
                chosen.Add(field);
        }
        if (chosen.Count == 0)
            throw new UsageException("-o needs at least one field");
        return chosen;
    }
}
