namespace Tapyard.Cli.Output;

/// <summary>
/// Ganeti's plain table: a header row, columns padded to their widest cell and separated by one
/// space, numbers right-aligned, no box drawing, no trailing blanks. With a separator the columns
/// are joined by it unpadded, for scripts that cut on it.
/// </summary>
internal static class TableWriter
{
    public static void Write(TextWriter writer, IReadOnlyList<string>? headers, IReadOnlyList<IReadOnlyList<string>> rows,
        IReadOnlyList<bool> rightAligned, string? separator = null)
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
        foreach (var row in all)
        {
            var cells = new string[columns];
            for (int c = 0; c < columns; c++)
                cells[c] = rightAligned[c] ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]);
            writer.WriteLine(string.Join(' ', cells).TrimEnd());
        }
    }
}
