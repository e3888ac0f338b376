using System.Runtime.CompilerServices;

namespace Tapyard.Core.Naming;

/// <summary>
/// Ganeti's NiceSort order for names: runs of digits compare as numbers, everything else
/// ordinally, so bulk5 &lt; bulk10 and big16 &lt; bulk5 (16-network-list-natural-sort.txt).
/// A digit run sorts before a non-digit run at the same place, as Ganeti's int &lt; str did.
/// Names that differ only in leading zeros ("n01", "n1") fall back to ordinal order.
/// </summary>
public sealed class NaturalComparer : IComparer<string>
{
    // Marks a digit run in a key; below every character a name may hold, so numbers sort first.
    private const char DigitRun = '\u0001';

    public static NaturalComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;
        int order = string.CompareOrdinal(Key(x), Key(y));
        return order != 0 ? order : string.CompareOrdinal(x, y);
    }

    /// <summary>
    /// A string whose ordinal order is the natural order: each digit run becomes a marker, its
    /// length without leading zeros, and those digits, so longer numbers sort after shorter ones.
    /// Sorting by keys computes each key once, which matters for 10,000 instance names in a
    /// short-lived process (a comparer that re-parses both names on every comparison cost ~100 ms).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per name in short-lived processes: skip tier 0
    public static string Key(string name)
    {
        int digitsAt = name.AsSpan().IndexOfAnyInRange('0', '9');
        if (digitsAt < 0)
            return name;
        // Each digit run gains two characters at most (marker and length).
        Span<char> key = name.Length <= 256 ? stackalloc char[name.Length * 2 + 2] : new char[name.Length * 2 + 2];
        name.AsSpan(0, digitsAt).CopyTo(key);
        int length = digitsAt;
        int i = digitsAt;
        while (i < name.Length)
        {
            if (!char.IsAsciiDigit(name[i]))
            {
                key[length++] = name[i++];
                continue;
            }
            int start = i;
            while (i < name.Length && char.IsAsciiDigit(name[i]))
                i++;
            var digits = name.AsSpan(start, i - start).TrimStart('0');
            key[length++] = DigitRun;
            key[length++] = (char)('0' + Math.Min(digits.Length, 0xFFF0));
            digits.CopyTo(key[length..]);
            length += digits.Length;
        }
        return new string(key[..length]);
    }
}
