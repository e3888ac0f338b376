using System.Numerics;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

/// <summary>
/// The reservation map of a network: one bit per address (set = reserved), searched a 64-bit word
/// at a time, so a /8 (16,777,216 addresses, a 2 MiB bitmap) allocates as fast as a /28.
/// Counts are kept as bits change, never recounted. Not thread-safe: a pool belongs to one
/// ClusterState, which belongs to one transaction.
/// </summary>
public sealed class AddressPool
{
    private const int WordBits = 64;

    private readonly ulong[] _words;
    // Every word below this index is full. Only a lower bound that FirstFree moves up lazily, so a
    // run of allocations from the bottom of a large pool does not rescan the full words each time.
    private int _firstMaybeFreeWord;

    public AddressPool(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        _words = new ulong[(size + WordBits - 1) / WordBits];
        // The bits past Size in the last word are set, so a search never reports them as free;
        // ReservedCount does not count them.
        int tail = size % WordBits;
        if (tail != 0)
            _words[^1] = ulong.MaxValue << tail;
    }

    public int Size { get; }
    public int ReservedCount { get; private set; }
    public int FreeCount => Size - ReservedCount;

    public bool IsReserved(int index)
    {
        CheckIndex(index);
        return (_words[index / WordBits] & Bit(index)) != 0;
    }

    /// <summary>Marks <paramref name="index"/> reserved; a TapyardException (and no change) if it already is.</summary>
    public void Reserve(int index)
    {
        if (!TryReserve(index))
            throw new TapyardException($"address {index} of the pool is already reserved; release it first or choose a free one");
    }

    /// <summary>Marks <paramref name="index"/> reserved and returns true, or returns false if it already was.</summary>
    public bool TryReserve(int index)
    {
        CheckIndex(index);
        ref ulong word = ref _words[index / WordBits];
        if ((word & Bit(index)) != 0)
            return false;
        word |= Bit(index);
        ReservedCount++;
        return true;
    }

    /// <summary>Marks <paramref name="index"/> free; a TapyardException (and no change) if it is not reserved.</summary>
    public void Release(int index)
    {
        CheckIndex(index);
        int wordIndex = index / WordBits;
        ref ulong word = ref _words[wordIndex];
        if ((word & Bit(index)) == 0)
            throw new TapyardException($"address {index} of the pool is not reserved; there is nothing to release");
        word &= ~Bit(index);
        ReservedCount--;
        if (wordIndex < _firstMaybeFreeWord)
            _firstMaybeFreeWord = wordIndex;
    }

    /// <summary>The lowest free index at or above <paramref name="start"/>, or null when there is none.</summary>
    public int? FirstFree(int start = 0)
    {
        if (start < 0 || start > Size)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"the pool has {Size} addresses");
        if (start == Size)
            return null;
        int startWord = start / WordBits;
        // While scanning from the hint, every word passed is full, so the hint may follow.
        bool movesHint = startWord <= _firstMaybeFreeWord;
        int wordIndex = Math.Max(startWord, _firstMaybeFreeWord);
        ulong mask = wordIndex == startWord ? ulong.MaxValue << (start % WordBits) : ulong.MaxValue;
        for (; wordIndex < _words.Length; wordIndex++, mask = ulong.MaxValue)
        {
            ulong word = _words[wordIndex];
            if (movesHint)
            {
                if (word == ulong.MaxValue)
                    continue;
                _firstMaybeFreeWord = wordIndex;
                movesHint = false;
            }
            ulong free = ~word & mask;
            if (free != 0)
                return wordIndex * WordBits + BitOperations.TrailingZeroCount(free);
        }
        if (movesHint)
            _firstMaybeFreeWord = _words.Length;
        return null;
    }

    /// <summary>The usage map as Ganeti prints it: one character per address, 'X' reserved, '.' free.</summary>
    public string Map() => Map(0, Size);

    /// <summary>The usage map of <paramref name="count"/> addresses from <paramref name="start"/> (one row of `network info`).</summary>
    public string Map(int start, int count)
    {
        if (start < 0 || count < 0 || start > Size - count)
            throw new ArgumentOutOfRangeException(nameof(count), $"addresses {start}..{start + count - 1} are not all inside a pool of {Size}");
        return string.Create(count, (this, start), static (chars, state) => state.Item1.WriteMap(chars, state.start));
    }

    /// <summary>Writes the map of destination.Length addresses from <paramref name="start"/> into <paramref name="destination"/>.</summary>
    public void WriteMap(Span<char> destination, int start)
    {
        if (start < 0 || start > Size - destination.Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"addresses {start}..{start + destination.Length - 1} are not all inside a pool of {Size}");
        int index = start;
        while (!destination.IsEmpty)
        {
            int bit = index % WordBits;
            int run = Math.Min(WordBits - bit, destination.Length);
            ulong word = _words[index / WordBits] >> bit;
            var chunk = destination[..run];
            // Whole free or whole reserved stretches (most of a large pool) are filled vectorized.
            ulong runMask = run == WordBits ? ulong.MaxValue : (1UL << run) - 1;
            if ((word & runMask) == 0)
                chunk.Fill('.');
            else if ((word & runMask) == runMask)
                chunk.Fill('X');
            else
                for (int i = 0; i < run; i++)
                    chunk[i] = ((word >> i) & 1) != 0 ? 'X' : '.';
            destination = destination[run..];
            index += run;
        }
    }

    private static ulong Bit(int index) => 1UL << (index % WordBits);

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Size)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the pool has {Size} addresses (indexes 0..{Size - 1})");
    }
}
