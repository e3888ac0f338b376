using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Linux.Tests.Support;

/// <summary>
/// An AF_PACKET raw socket bound to one device: sees every frame that device sends or receives, and
/// sends frames out of it. It must be created on the namespace's thread (a socket belongs to the
/// namespace of the thread that made it); afterwards any thread may use it.
/// </summary>
internal sealed class PacketSocket : IDisposable
{
    private const int AddressFamilyPacket = 17;
    private const int SocketRaw = 3;
    private const int SocketNonBlocking = 0x800;
    private const int SocketCloseOnExec = 0x80000;
    private const ushort AllProtocolsNetworkOrder = 0x0300; // htons(ETH_P_ALL)

    private readonly SafeFileHandle _handle;

    private PacketSocket(SafeFileHandle handle, string device)
    {
        _handle = handle;
        Device = device;
    }

    public string Device { get; }

    public static PacketSocket Open(NetworkNamespace ns, string device) => ns.Run(() =>
    {
        int index = int.Parse(File.ReadAllText($"/sys/class/net/{device}/ifindex").Trim());
        int fd = Interop.Libc.Socket(AddressFamilyPacket, SocketRaw | SocketNonBlocking | SocketCloseOnExec, AllProtocolsNetworkOrder);
        if (fd < 0)
            throw SystemCallException.FromLastError($"opening a packet socket on {device}");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        unsafe
        {
            var address = new LinkLayerAddress { Family = AddressFamilyPacket, Protocol = AllProtocolsNetworkOrder, InterfaceIndex = index };
            if (TestInterop.Libc.Bind(fd, &address, (uint)sizeof(LinkLayerAddress)) != 0)
            {
                var error = SystemCallException.FromLastError($"binding a packet socket to {device}");
                handle.Dispose();
                throw error;
            }
        }
        return new PacketSocket(handle, device);
    });

    public unsafe void Send(ReadOnlySpan<byte> frame)
    {
        fixed (byte* bytes = frame)
        {
            if (Interop.Libc.Write(Fd, bytes, frame.Length) != frame.Length)
                throw SystemCallException.FromLastError($"sending a frame on {Device}");
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a frame containing <paramref name="marker"/>.</summary>
    public byte[]? WaitFor(string marker, TimeSpan timeout) =>
        Collect(timeout, stopAt: marker).FirstOrDefault(f => EthernetFrame.Contains(f, marker));

    /// <summary>Every frame containing <paramref name="marker"/> seen within <paramref name="window"/>.</summary>
    public List<byte[]> CollectMatching(string marker, TimeSpan window) =>
        Collect(window, stopAt: null).Where(f => EthernetFrame.Contains(f, marker)).ToList();

    public void Dispose() => _handle.Dispose();

    private int Fd => (int)_handle.DangerousGetHandle();

    private unsafe List<byte[]> Collect(TimeSpan timeout, string? stopAt)
    {
        var frames = new List<byte[]>();
        var buffer = new byte[65536];
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            nint read;
            fixed (byte* bytes = buffer)
                read = Interop.Libc.Read(Fd, bytes, buffer.Length);
            if (read > 0)
            {
                var frame = buffer.AsSpan(0, (int)read).ToArray();
                frames.Add(frame);
                if (stopAt is not null && EthernetFrame.Contains(frame, stopAt))
                    return frames;
                continue;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (read < 0 && errno != LinuxErrno.EAGAIN && errno != LinuxErrno.EINTR)
                throw new SystemCallException($"reading from packet socket on {Device}", errno);
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
                return frames;
            var poll = new Interop.Libc.PollFd { Fd = Fd, Events = Interop.Libc.PollIn };
            Interop.Libc.Poll(&poll, 1, (int)Math.Ceiling(remaining.TotalMilliseconds));
        }
    }

    /// <summary>struct sockaddr_ll.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct LinkLayerAddress
    {
        public ushort Family;
        public ushort Protocol;
        public int InterfaceIndex;
        public ushort HardwareType;
        public byte PacketType;
        public byte AddressLength;
        public ulong Address;
    }
}
