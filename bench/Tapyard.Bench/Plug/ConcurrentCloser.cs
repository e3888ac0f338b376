using Tapyard.Linux.Tap;

namespace Tapyard.Bench.Plug;

/// <summary>
/// Closes many queue fds at once. The macvtap driver waits for an RCU grace period on every queue
/// close (tap_put_queue calls synchronize_rcu, ~16 ms here), so closing 500 fds one after another
/// takes seconds; closes running side by side share grace periods. Each closer thread closes a
/// slice in turn, so the whole costs about (fds / threads) grace periods.
/// A candidate for Tapyard.Linux.Tap (a bulk close next to TapQueueSet) once the node layer needs it.
/// </summary>
internal static class ConcurrentCloser
{
    private const int MaximumThreads = 256;
    private const int ThreadStackBytes = 128 * 1024;

    public static void CloseAll(IReadOnlyList<TapQueueSet> sets)
    {
        if (sets.Count <= 1)
        {
            foreach (var set in sets)
                set.Dispose();
            return;
        }
        int threads = Math.Min(sets.Count, MaximumThreads);
        var workers = Enumerable.Range(0, threads).Select(worker => new Thread(() =>
        {
            for (int i = worker; i < sets.Count; i += threads)
                sets[i].Dispose();
        }, ThreadStackBytes) { IsBackground = true, Name = "queue closer" }).ToList();
        foreach (var worker in workers)
            worker.Start();
        foreach (var worker in workers)
            worker.Join();
    }
}
