namespace Tapyard.Cli.CommandLine;

/// <summary>Writes --help text: the command list for `tapyard` or a noun, and the synopsis and options of a command.</summary>
internal static class HelpWriter
{
    public static void WriteCommandList(TextWriter writer, CommandRegistry registry, IReadOnlyList<string> prefix)
    {
        string head = prefix.Count == 0 ? "tapyard" : $"tapyard {string.Join(' ', prefix)}";
        writer.WriteLine($"Usage: {head} <command> [options] [arguments]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        WriteTwoColumns(writer, registry.NextWords(prefix).Select(w => (w.Word, w.Summary)));
        writer.WriteLine();
        writer.WriteLine("Global options:");
        WriteTwoColumns(writer, GlobalOptions.All.Select(o => (o.Synopsis, o.Help)));
        writer.WriteLine();
        writer.WriteLine($"Run '{head} <command> --help' for a command's options.");
        writer.WriteLine("Exit codes: 0 ok, 1 operation failed, 2 usage error.");
    }

    public static void WriteCommand(TextWriter writer, Command command)
    {
        writer.WriteLine($"Usage: {Synopsis(command)}");
        writer.WriteLine();
        writer.WriteLine(command.Summary);
        if (command.Description is { } description)
        {
            writer.WriteLine();
            writer.WriteLine(description.TrimEnd());
        }
        if (command.Options.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Options:");
            WriteTwoColumns(writer, command.Options.Select(o => (o.Synopsis, o.Help + (o.Repeatable ? " (repeatable)" : ""))));
        }
        writer.WriteLine();
        writer.WriteLine("Global options:");
        WriteTwoColumns(writer, GlobalOptions.All.Select(o => (o.Synopsis, o.Help)));
    }

    public static string Synopsis(Command command)
    {
        var parts = new List<string> { "tapyard", command.Path };
        parts.AddRange(command.Options.Select(o => $"[{o.Synopsis}]"));
        if (command.ArgumentsSynopsis.Length > 0)
            parts.Add(command.ArgumentsSynopsis);
        return string.Join(' ', parts);
    }

    private static void WriteTwoColumns(TextWriter writer, IEnumerable<(string Left, string Right)> rows)
    {
        var list = rows.ToList();
        int width = list.Count == 0 ? 0 : list.Max(r => r.Left.Length);
        foreach (var (left, right) in list)
            writer.WriteLine($"  {left.PadRight(width)}  {right}".TrimEnd());
    }
}
