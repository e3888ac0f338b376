using System.Diagnostics;
using System.Net.Sockets;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Node.Tests.Support;

/// <summary>
/// An AF_PACKET socket made inside the switch namespace: sees every frame on every device there
/// (the bridge and its ports), so a frame a guest wrote to its queue fd shows up when it reached the switch.
/// </summary>
internal sealed class SwitchWatcher : IDisposable
{
    private const ProtocolType AllProtocolsNetworkOrder = (ProtocolType)0x0300; // htons(ETH_P_ALL)
    private readonly Socket _socket;

    private SwitchWatcher(Socket socket) => _socket = socket;

    /// <summary>The socket must be made on the namespace's thread: it belongs to the namespace it was made in.</summary>
    public static SwitchWatcher Open(NetworkNamespace ns) =>
        new(ns.Run(() => new Socket(AddressFamily.Packet, SocketType.Raw, AllProtocolsNetworkOrder)));

    /// <summary>True when a frame containing <paramref name="marker"/> arrives within <paramref name="timeout"/>.</summary>
    public bool Saw(string marker, TimeSpan timeout) => Saw(System.Text.Encoding.ASCII.GetBytes(marker), timeout);

    /// <summary>True when a frame containing <paramref name="needle"/> arrives within <paramref name="timeout"/>.</summary>
    public bool Saw(byte[] needle, TimeSpan timeout)
    {
        var buffer = new byte[65536];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            int waitMicroseconds = (int)Math.Max(1, (timeout - clock.Elapsed).TotalMicroseconds);
            if (!_socket.Poll(waitMicroseconds, SelectMode.SelectRead))
                return false;
            int read = _socket.Receive(buffer);
            if (buffer.AsSpan(0, read).IndexOf(needle) >= 0)
                return true;
        }
        return false;
    }

    /// <summary>True when a frame with <paramref name="marker"/> and an 802.1Q tag of <paramref name="vlan"/> arrives (the socket sees the tag in the frame: AF_PACKET puts stripped tags back only in aux data, so both are checked).</summary>
    public bool SawTagged(string marker, int vlan, TimeSpan timeout)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(marker);
        var buffer = new byte[65536];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            int waitMicroseconds = (int)Math.Max(1, (timeout - clock.Elapsed).TotalMicroseconds);
            if (!_socket.Poll(waitMicroseconds, SelectMode.SelectRead))
                return false;
            int read = _socket.Receive(buffer);
            if (buffer.AsSpan(0, read).IndexOf(needle) >= 0 && read > 16 && buffer[12] == 0x81 && buffer[13] == 0x00 && ((buffer[14] & 0x0f) << 8 | buffer[15]) == vlan)
                return true;
        }
        return false;
    }

    public void Dispose() => _socket.Dispose();
}
