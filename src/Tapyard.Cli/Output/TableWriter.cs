namespace Tapyard.Cli.Output;

/// <summary>
/// Ganeti's plain table: a header row, columns padded to their widest cell and separated by one
/// space, numbers right-aligned, no box drawing, no trailing blanks. With a separator the columns
/// are joined by it unpadded, for scripts that cut on it. <see cref="TableStyle.Ganeti"/> keeps
/// Ganeti's trailing blanks instead.
/// </summary>
internal static class TableWriter
{
    public static void Write(TextWriter writer, IReadOnlyList<string>? headers, IReadOnlyList<IReadOnlyList<string>> rows,
        IReadOnlyList<bool> rightAligned, string? separator = null, TableStyle style = TableStyle.Trimmed)
    {
        var all = headers is null ? rows : rows.Prepend(headers).ToList();
        if (separator is not null)
        {
            foreach (var row in all)
                writer.WriteLine(string.Join(separator, row));
            return;
        }

        int columns = rightAligned.Count;
        var widths = new int[columns];
        foreach (var row in all)
        {
            for (int c = 0; c < columns; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        }
        if (style == TableStyle.Ganeti && columns > 0 && !rightAligned[columns - 1])
            widths[columns - 1] = 0;
        foreach (var row in all)
        {
            var cells = new string[columns];
            for (int c = 0; c < columns; c++)
                cells[c] = rightAligned[c] ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]);
            string line = string.Join(' ', cells);
            writer.WriteLine(style == TableStyle.Ganeti ? line : line.TrimEnd());
        }
    }
}
