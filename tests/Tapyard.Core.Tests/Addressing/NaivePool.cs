namespace Tapyard.Core.Tests.Addressing;

/// <summary>The obvious model of a pool (one bool per address, linear scans) that AddressPool must agree with.</summary>
public sealed class NaivePool(int size)
{
    private readonly bool[] _reserved = new bool[size];

    public int Size => _reserved.Length;
    public int ReservedCount => _reserved.Count(r => r);
    public bool IsReserved(int index) => _reserved[index];
    public void Set(int index, bool reserved) => _reserved[index] = reserved;

    public int? FirstFree(int start)
    {
        for (int i = start; i < Size; i++)
        {
            if (!_reserved[i])
                return i;
        }
        return null;
    }

    public string Map() => new(_reserved.Select(r => r ? 'X' : '.').ToArray());
}
