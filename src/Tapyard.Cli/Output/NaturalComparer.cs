namespace Tapyard.Cli.Output;

/// <summary>
/// Ganeti's NiceSort order for names: runs of digits compare as numbers, everything else
/// ordinally, so bulk5 &lt; bulk10 and big16 &lt; bulk5 (16-network-list-natural-sort.txt).
/// A digit run sorts before a non-digit run at the same place, as Ganeti's int &lt; str did.
/// </summary>
internal sealed class NaturalComparer : IComparer<string>
{
    public static NaturalComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            bool xDigits = char.IsAsciiDigit(x[i]);
            bool yDigits = char.IsAsciiDigit(y[j]);
            int xEnd = RunEnd(x, i, xDigits);
            int yEnd = RunEnd(y, j, yDigits);
            int order = (xDigits, yDigits) switch
            {
                (true, true) => CompareNumbers(x.AsSpan(i, xEnd - i), y.AsSpan(j, yEnd - j)),
                (false, false) => x.AsSpan(i, xEnd - i).SequenceCompareTo(y.AsSpan(j, yEnd - j)),
                (true, false) => -1,
                (false, true) => 1,
            };
            if (order != 0)
                return order;
            i = xEnd;
            j = yEnd;
        }
        // One is a prefix of the other in runs; the shorter first, then plain order as a tie-break ("01" vs "1").
        int rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }

    private static int RunEnd(string text, int start, bool digits)
    {
        int end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]) == digits)
            end++;
        return end;
    }

    /// <summary>Numbers of any length: strip leading zeros, then the longer is larger, else compare digit by digit.</summary>
    private static int CompareNumbers(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        x = x.TrimStart('0');
        y = y.TrimStart('0');
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);
    }
}
