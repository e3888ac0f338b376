using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Bench.Boot;

/// <summary>Pings a guest from the lab's outside host every 200 ms (200 ms timeout) until it answers.</summary>
internal static class FirstPing
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Seconds on <paramref name="clock"/> at the first echo reply from <paramref name="guest"/>.</summary>
    public static double Wait(string outsideNamespace, IPAddress guest, Stopwatch clock, TimeSpan deadline, CancellationToken cancellation)
    {
        using var outside = NetworkNamespace.Open(outsideNamespace);
        // A raw ICMP socket opened on the namespace's thread lives in that namespace.
        return outside.Run(() =>
        {
            using var ping = new Ping();
            while (clock.Elapsed < deadline)
            {
                cancellation.ThrowIfCancellationRequested();
                var sent = clock.Elapsed;
                if (ping.Send(guest, (int)Interval.TotalMilliseconds).Status == IPStatus.Success)
                    return clock.Elapsed.TotalSeconds;
                var rest = Interval - (clock.Elapsed - sent);
                if (rest > TimeSpan.Zero)
                    Thread.Sleep(rest);
            }
            throw new InvalidOperationException($"{guest} did not answer a ping within {deadline.TotalSeconds:0} s of its start");
        });
    }
}
