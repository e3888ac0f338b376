namespace Tapyard.Cli.Commands.Demo;

/// <summary>
/// A run of ifindexes whose /dev/tapN nodes do not exist yet. Ifindex is per namespace but /dev is
/// global (PLATFORM.md): giving the demo's macvtaps high, unused indexes keeps their char devices
/// from colliding with another namespace's.
/// </summary>
internal static class FreeTapIndexes
{
    public static int FindBlock(int size)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int start = Random.Shared.Next(100_000, 1_000_000);
            if (!Enumerable.Range(start, size).Any(index => File.Exists($"/dev/tap{index}")))
                return start;
        }
        throw new InvalidOperationException($"found no {size} consecutive unused /dev/tapN numbers");
    }
}
