using System.Diagnostics;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>
/// Polls the macvtaps of two namespaces on a thread while a migration runs and keeps when the target's first
/// went up and the source's first went down (milliseconds since Start): a target NIC up long before the source's
/// went down would be a guest MAC speaking from two nodes.
/// </summary>
public sealed class MacvtapStateProbe : IDisposable
{
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _stop;

    public MacvtapStateProbe(string sourceNamespace, string targetNamespace)
    {
        _thread = new Thread(() =>
        {
            using var source = NetworkNamespace.Open(sourceNamespace);
            using var target = NetworkNamespace.Open(targetNamespace);
            using var sourceLinks = Linux.Rtnetlink.Open(source);
            using var targetLinks = Linux.Rtnetlink.Open(target);
            while (!_stop)
            {
                if (TargetUp is null && targetLinks.Links.List().Any(l => l.Kind == "macvtap" && l.Flags.HasFlag(InterfaceFlags.Up)))
                    TargetUp = _clock.Elapsed.TotalMilliseconds;
                if (SourceDown is null && sourceLinks.Links.List().Any(l => l.Kind == "macvtap" && !l.Flags.HasFlag(InterfaceFlags.Up)))
                    SourceDown = _clock.Elapsed.TotalMilliseconds;
                Thread.Sleep(2);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public double? TargetUp { get; private set; }
    public double? SourceDown { get; private set; }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
