using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Bench.Vlan;

/// <summary>
/// Round trips of one small UDP datagram between two namespaces: a socket made on each namespace's
/// thread lives in that namespace, so the client in one and the echo in the other time the path between.
/// </summary>
internal static class UdpEcho
{
    private const int Port = 7007;

    /// <summary>The round trip times to <paramref name="server"/> (microseconds), after a warm-up that fills the neighbour caches.</summary>
    public static List<double> Measure(NetworkNamespace clientNamespace, NetworkNamespace serverNamespace, IPAddress server, int count, CancellationToken cancellation)
    {
        using var echo = serverNamespace.Run(() => Bind(new IPEndPoint(server, Port)));
        using var client = clientNamespace.Run(() => Bind(new IPEndPoint(IPAddress.Any, 0)));
        client.ReceiveTimeout = 1000;
        var echoThread = new Thread(() => Serve(echo)) { IsBackground = true, Name = "bench-udp-echo" };
        echoThread.Start();
        var target = new IPEndPoint(server, Port);
        var payload = new byte[64];
        var reply = new byte[64];
        var samples = new List<double>(count);
        for (int i = -20; i < count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            client.SendTo(payload, target);
            client.Receive(reply);
            if (i >= 0)
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        echo.Close(); // ends the echo thread's Receive
        echoThread.Join(TimeSpan.FromSeconds(2));
        return samples;
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(endpoint);
        return socket;
    }

    private static void Serve(Socket echo)
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (true)
            {
                int read = echo.ReceiveFrom(buffer, ref from);
                echo.SendTo(buffer.AsSpan(0, read), from);
            }
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }
}
