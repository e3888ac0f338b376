using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Commands.Demo;

/// <summary>
/// Pings one address from inside a namespace every <see cref="Interval"/> on a background thread
/// (the socket is made on that thread, so it lives in the namespace), counting replies and the
/// longest silence, while the demo migrates the guest.
/// </summary>
internal sealed class DemoPinger : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromMilliseconds(200);

    private readonly NetworkNamespace _namespace;
    private readonly IPAddress _target;
    private readonly Thread _thread;
    private volatile bool _stop;
    private TimeSpan _lastReply;
    private TimeSpan _longestGap;

    public DemoPinger(string namespaceName, IPAddress target)
    {
        _namespace = NetworkNamespace.Open(namespaceName);
        _target = target;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"demo ping {target}" };
        _thread.Start();
    }

    public int Sent { get; private set; }
    public int Received { get; private set; }
    public TimeSpan LongestGap => _longestGap;

    /// <summary>Stops pinging and waits for the last request to be answered or time out.</summary>
    public void Stop()
    {
        _stop = true;
        _thread.Join();
    }

    public void Dispose()
    {
        if (_thread.IsAlive)
            Stop();
        _namespace.Dispose();
    }

    private void Loop()
    {
        _namespace.Run(() =>
        {
            using var ping = new Ping();
            var clock = Stopwatch.StartNew();
            _lastReply = clock.Elapsed;
            while (!_stop)
            {
                var started = clock.Elapsed;
                Sent++;
                if (Send(ping) == IPStatus.Success)
                {
                    Received++;
                    var gap = clock.Elapsed - _lastReply;
                    if (gap > _longestGap)
                        _longestGap = gap;
                    _lastReply = clock.Elapsed;
                }
                var rest = Interval - (clock.Elapsed - started);
                if (rest > TimeSpan.Zero)
                    Thread.Sleep(rest);
            }
        });
    }

    private IPStatus Send(Ping ping)
    {
        try { return ping.Send(_target, (int)ReplyTimeout.TotalMilliseconds).Status; }
        catch (PingException) { return IPStatus.Unknown; }
    }
}
