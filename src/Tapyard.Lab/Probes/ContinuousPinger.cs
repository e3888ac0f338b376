using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Lab.Probes;

/// <summary>
/// Pings one address from inside a network namespace (e.g. the lab's outside host) every
/// <c>interval</c> until stopped, on its own thread in that namespace, counting losses and the
/// longest stretch without a reply: what a migration's downtime looks like from the wire.
/// </summary>
public sealed class ContinuousPinger : IDisposable
{
    private readonly NetworkNamespace _namespace;
    private readonly IPAddress _target;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _gate = new();
    private int _sent;
    private int _received;
    private TimeSpan _longestOutage;
    private PingSummary? _summary;

    private ContinuousPinger(NetworkNamespace networkNamespace, IPAddress target, TimeSpan interval, TimeSpan timeout)
    {
        _namespace = networkNamespace;
        _target = target;
        _interval = interval;
        _timeout = timeout;
        // The namespace object's thread runs only this loop: a NetworkNamespace of our own.
        _loop = Task.Factory.StartNew(() => _namespace.Run(Loop), TaskCreationOptions.LongRunning);
    }

    /// <param name="namespaceName">The namespace to ping from; null: this host.</param>
    public static ContinuousPinger Start(string? namespaceName, IPAddress target, TimeSpan? interval = null, TimeSpan? timeout = null)
    {
        var ns = namespaceName is null ? NetworkNamespace.Host : NetworkNamespace.Open(namespaceName);
        return new ContinuousPinger(ns, target, interval ?? TimeSpan.FromMilliseconds(20), timeout ?? TimeSpan.FromMilliseconds(200));
    }

    /// <summary>The counts so far.</summary>
    public PingSummary Current
    {
        get { lock (_gate) return new PingSummary(_sent, _received, _longestOutage); }
    }

    /// <summary>Stops and returns the totals (a reply still outstanding is waited for, up to the timeout).</summary>
    public PingSummary Stop()
    {
        if (_summary is not null)
            return _summary;
        _stop.Cancel();
        _loop.Wait();
        _summary = Current;
        return _summary;
    }

    public void Dispose()
    {
        Stop();
        if (!_namespace.IsHost)
            _namespace.Dispose();
        _stop.Dispose();
    }

    private void Loop()
    {
        using var ping = new Ping();
        var clock = Stopwatch.StartNew();
        TimeSpan lastReply = TimeSpan.Zero;
        bool outage = false;
        var next = TimeSpan.Zero;
        while (!_stop.IsCancellationRequested)
        {
            bool ok;
            try { ok = ping.Send(_target, (int)_timeout.TotalMilliseconds).Status == IPStatus.Success; }
            catch (PingException) { ok = false; }
            var now = clock.Elapsed;
            lock (_gate)
            {
                _sent++;
                if (ok)
                {
                    _received++;
                    if (outage && now - lastReply > _longestOutage)
                        _longestOutage = now - lastReply;
                    lastReply = now;
                    outage = false;
                }
                else
                    outage = true;
            }
            next += _interval;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                _stop.Token.WaitHandle.WaitOne(wait);
            else
                next = clock.Elapsed;
        }
        if (outage)
            lock (_gate)
                _longestOutage = TimeSpan.FromTicks(Math.Max(_longestOutage.Ticks, (clock.Elapsed - lastReply).Ticks));
    }
}
