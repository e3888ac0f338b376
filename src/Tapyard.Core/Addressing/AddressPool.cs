using System.Numerics;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

// SCRATCH stand-in for c-pool's type (contract signatures); reverted before c-ops finishes.
public sealed class AddressPool(int size)
{
    private readonly ulong[] _bits = new ulong[(size + 63) / 64];
    public int Size { get; } = size;
    public int ReservedCount { get; private set; }
    public int FreeCount => Size - ReservedCount;
    public bool IsReserved(int index) => (_bits[index >> 6] & (1UL << index)) != 0;
    public void Reserve(int index)
    {
        if (IsReserved(index)) throw new TapyardException($"address {index} is already reserved");
        _bits[index >> 6] |= 1UL << index; ReservedCount++;
    }
    public void Release(int index)
    {
        if (!IsReserved(index)) throw new TapyardException($"address {index} is not reserved");
        _bits[index >> 6] &= ~(1UL << index); ReservedCount--;
    }
    public int? FirstFree(int start = 0)
    {
        for (int w = start >> 6; w < _bits.Length; w++)
        {
            ulong free = ~_bits[w];
            if (w == start >> 6) free &= ulong.MaxValue << (start & 63);
            if (free == 0) continue;
            int i = w * 64 + BitOperations.TrailingZeroCount(free);
            return i < Size ? i : null;
        }
        return null;
    }
    public string Map() => string.Create(Size, this, static (s, p) => { for (int i = 0; i < s.Length; i++) s[i] = p.IsReserved(i) ? 'X' : '.'; });
}
