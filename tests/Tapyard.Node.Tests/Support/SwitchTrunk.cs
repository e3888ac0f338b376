using System.Diagnostics;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;

namespace Tapyard.Node.Tests.Support;

/// <summary>
/// A tap port of the switch's bridge, read and written through its fd: a trunk port that shows what
/// the switch really carries. The receive path moves an 802.1Q tag into metadata, so a packet socket
/// never sees it in the frame; the tun driver writes it back inline when the frame is read from the
/// fd, and a tagged frame written to the fd enters the switch tagged.
/// </summary>
internal sealed class SwitchTrunk : IDisposable
{
    public const string Name = "trunk0";
    private const ushort Tpid8021Q = 0x8100;

    private readonly TapQueueSet _queues;

    private SwitchTrunk(TapQueueSet queues) => _queues = queues;

    public static SwitchTrunk Open(NodeLab lab)
    {
        var queues = TapDevices.Create(lab.Switch.Namespace, new TapDeviceSpec
        {
            Name = Name, Queues = 1,
            Options = new TapQueueOptions { RuntimeDirectory = lab.Runtime.Path, VnetHeader = false, MultiQueue = false },
        });
        try
        {
            Ip.Run("-n", lab.Switch.Name, "link", "set", Name, "addrgenmode", "none", "master", NodeLab.Bridge, "up");
            return new SwitchTrunk(queues);
        }
        catch
        {
            queues.Dispose();
            throw;
        }
    }

    /// <summary><paramref name="frame"/> with an 802.1Q tag of <paramref name="vlan"/> after the source MAC.</summary>
    public static byte[] Tag(byte[] frame, int vlan)
    {
        var tagged = new byte[frame.Length + 4];
        frame.AsSpan(0, 12).CopyTo(tagged);
        tagged[12] = Tpid8021Q >> 8;
        tagged[13] = Tpid8021Q & 0xff;
        tagged[14] = (byte)(vlan >> 8);
        tagged[15] = (byte)vlan;
        frame.AsSpan(12).CopyTo(tagged.AsSpan(16));
        return tagged;
    }

    /// <summary>The VLAN of a frame as read (null: untagged).</summary>
    public static int? VlanOf(ReadOnlySpan<byte> frame) =>
        frame.Length > 16 && frame[12] == Tpid8021Q >> 8 && frame[13] == (Tpid8021Q & 0xff) ? (frame[14] & 0x0f) << 8 | frame[15] : null;

    /// <summary>Sends <paramref name="frame"/> into the switch, tagged <paramref name="vlan"/> when given.</summary>
    public void Send(byte[] frame, int? vlan = null) => _queues[0].WriteFrame(vlan is { } v ? Tag(frame, v) : frame);

    /// <summary>The VLAN tag (null: untagged) of the first frame carrying <paramref name="marker"/> within <paramref name="timeout"/>; throws when none came.</summary>
    public int? TagOf(string marker, TimeSpan timeout) =>
        TryTagOf(marker, timeout, out int? vlan) ? vlan : throw new Xunit.Sdk.XunitException($"no frame with '{marker}' crossed the switch within {timeout.TotalSeconds} s");

    /// <summary>True when a frame carrying <paramref name="marker"/> crossed the switch within <paramref name="timeout"/>.</summary>
    public bool Saw(string marker, TimeSpan timeout) => TryTagOf(marker, timeout, out _);

    private bool TryTagOf(string marker, TimeSpan timeout, out int? vlan)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(marker);
        var buffer = new byte[65536];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (!_queues[0].TryReadFrame(buffer, timeout - clock.Elapsed, out int length))
                break;
            if (buffer.AsSpan(0, length).IndexOf(needle) >= 0)
            {
                vlan = VlanOf(buffer.AsSpan(0, length));
                return true;
            }
        }
        vlan = null;
        return false;
    }

    public void Dispose() => _queues.Dispose();
}
