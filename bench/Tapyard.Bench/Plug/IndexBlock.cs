namespace Tapyard.Bench.Plug;

/// <summary>
/// A block of ifindexes for explicit creation. Ifindexes are per namespace but /dev/tapN is global
/// (PLATFORM.md), so the block is chosen at random high up and checked against /dev: our devices'
/// char nodes then never collide with another namespace's macvtap, even with other benches running.
/// </summary>
internal static class IndexBlock
{
    private const int Lowest = 1_000_000;
    private const int Highest = 1 << 30;

    public static int Find(int size)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int start = Random.Shared.Next(Lowest, Highest - size);
            if (!Enumerable.Range(start, size).Any(index => File.Exists($"/dev/tap{index}")))
                return start;
        }
        throw new InvalidOperationException($"found no free block of {size} ifindexes (every try met an existing /dev/tapN)");
    }
}
