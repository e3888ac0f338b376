namespace Tapyard.Linux.Links;

/// <summary>
/// Picks explicit ifindexes for devices whose index must be unique on the whole host, not only in
/// their namespace: a macvtap's char device is /dev/tap&lt;ifindex&gt;, and /dev is global while
/// ifindexes are per namespace (PLATFORM.md). Indexes come from a high range at random, so they
/// never meet the small indexes the kernel hands out by itself, and are checked against /dev.
/// Another process can still take one between the pick and the create: create with
/// <see cref="LinkOperations.CreateWithUniqueIndex"/> (which retries on
/// <see cref="Errors.LinkIndexInUseException"/>), and open queues through MacvtapQueues, which
/// verifies the node's major:minor.
/// </summary>
public sealed class IfindexAllocator
{
    /// <summary>The lowest index picked: far above what a namespace reaches by counting.</summary>
    public const int Lowest = 1_000_000;

    /// <summary>One above the highest index picked (ifindex is a positive int).</summary>
    public const int Highest = 1 << 30;

    /// <summary>How many random blocks are tried before giving up.</summary>
    public const int Attempts = 100;

    private readonly Func<int, int> _nextStart;
    private readonly Func<int, bool> _inUse;

    /// <summary>Random blocks, checked against /dev/tapN.</summary>
    public static IfindexAllocator Shared { get; } = new(
        size => Random.Shared.Next(Lowest, Highest - size + 1),
        index => File.Exists($"/dev/tap{index}"));

    /// <summary>Test seam: <paramref name="nextStart"/> proposes the first index of a block of the given size.</summary>
    internal IfindexAllocator(Func<int, int> nextStart, Func<int, bool> inUse)
    {
        _nextStart = nextStart;
        _inUse = inUse;
    }

    /// <summary>One ifindex whose /dev/tapN does not exist.</summary>
    public int Pick() => PickBlock(1);

    /// <summary>The first of <paramref name="size"/> consecutive ifindexes none of whose /dev/tapN nodes exist.</summary>
    public int PickBlock(int size)
    {
        if (size is < 1 or > Highest - Lowest)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"a block of ifindexes holds 1..{Highest - Lowest}");
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            int start = _nextStart(size);
            if (start < Lowest || start > Highest - size)
                throw new InvalidOperationException($"ifindex block start {start} for {size} is outside {Lowest}..{Highest - size}");
            if (!Enumerable.Range(start, size).Any(_inUse))
                return start;
        }
        throw new Errors.TapyardLinuxException(
            $"found no free block of {size} ifindexes in {Attempts} tries (each met an existing /dev/tapN); remove stale /dev/tap nodes", Errors.LinuxErrno.EEXIST);
    }
}
