using System.Buffers.Binary;
using System.Net.Sockets;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket bound to the network namespace of the thread that opened it. One P/Invoke
/// (socket) makes the fd; everything after is the managed Socket. Requests are ACKed, replies
/// matched by sequence number, errors carry the kernel's extended-ACK text. Thread-safe.
/// </summary>
public sealed class NetlinkSocket : IDisposable
{
    private const int AddressFamilyNetlink = 16;
    private const int SocketTypeRaw = 3;
    private const int SocketCloseOnExec = 0x80000;
    private const int NetlinkRoute = 0;
    private const int SolNetlink = 270;
    private const int NetlinkCapAck = 10;
    private const int NetlinkExtAck = 11;
    private const int NetlinkGetStrictCheck = 12;
    private const int ReceiveBufferBytes = 64 * 1024;
    private const int KernelSocketBufferBytes = 4 * 1024 * 1024;

    // NLMSGERR_ATTR_* in the TLVs after an error's echoed header.
    private const ushort ErrorAttributeMessage = 1;

    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferBytes];
    private readonly Lock _lock = new();
    private readonly NetlinkMessageWriter _writer = new();
    private uint _sequence = (uint)Environment.TickCount;

    private NetlinkSocket(Socket socket) => _socket = socket;

    /// <summary>Opens a rtnetlink socket in the calling thread's network namespace.</summary>
    public static NetlinkSocket OpenRoute()
    {
        int fd = Interop.Libc.Socket(AddressFamilyNetlink, SocketTypeRaw | SocketCloseOnExec, NetlinkRoute);
        if (fd < 0)
            throw SystemCallException.FromLastError("opening a rtnetlink socket");
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        // Extended ACKs give the kernel's reason in words; capped ACKs keep error replies small;
        // strict checking makes the kernel honour dump filters (kind, master) instead of ignoring them.
        socket.SetRawSocketOption(SolNetlink, NetlinkExtAck, BitConverter.GetBytes(1));
        socket.SetRawSocketOption(SolNetlink, NetlinkCapAck, BitConverter.GetBytes(1));
        socket.SetRawSocketOption(SolNetlink, NetlinkGetStrictCheck, BitConverter.GetBytes(1));
        // Bulk batches put hundreds of ACKs in flight at once; a roomy buffer avoids ENOBUFS.
        socket.ReceiveBufferSize = KernelSocketBufferBytes;
        socket.SendBufferSize = KernelSocketBufferBytes;
        return new NetlinkSocket(socket);
    }

    /// <summary>
    /// Sends every message in <paramref name="writer"/> with NLM_F_ACK and waits for all their ACKs.
    /// Replies other than ACKs (for GET requests) go to <paramref name="handler"/>. The kernel keeps
    /// processing a batch after one message fails; the first failure is thrown once all are answered.
    /// </summary>
    public void Execute(NetlinkMessageWriter writer, string operation, NetlinkMessageHandler? handler = null)
    {
        lock (_lock)
        {
            uint first = StampSequences(writer, NetlinkFlags.Ack);
            int pending = writer.MessageCount;
            NetlinkException? failure = null;
            Send(writer.Written);
            while (pending > 0)
            {
                int received = Receive();
                foreach (var message in new NetlinkMessageEnumerator(_receiveBuffer.AsSpan(0, received)))
                {
                    if (message.Sequence - first >= (uint)writer.MessageCount)
                        continue; // a late reply to an earlier, abandoned request
                    if (message.Type == NetlinkMessageType.Error)
                    {
                        pending--;
                        int errno = ReadErrno(message);
                        if (errno != 0)
                            failure ??= new NetlinkException(operation, errno, ReadExtendedAck(message));
                    }
                    else if (message.Type != NetlinkMessageType.Noop && message.Type != NetlinkMessageType.Done)
                    {
                        handler?.Invoke(message);
                    }
                }
            }
            if (failure is not null)
                throw failure;
        }
    }

    /// <summary>
    /// Encodes one or more requests into the socket's own writer and executes them as
    /// <see cref="Execute(NetlinkMessageWriter, string, NetlinkMessageHandler?)"/> does; the operations
    /// layers use this so none needs a writer and a lock of its own.
    /// </summary>
    public void Execute(Action<NetlinkMessageWriter> encode, string operation, NetlinkMessageHandler? handler = null)
    {
        lock (_lock)
        {
            _writer.Reset();
            encode(_writer);
            Execute(_writer, operation, handler);
        }
    }

    /// <summary>
    /// Sends one dump request and hands every reply message to <paramref name="handler"/> until
    /// NLMSG_DONE. Returns false when the kernel flagged the dump as interrupted (the set changed
    /// while it was read): the caller should discard what it got and dump again.
    /// </summary>
    public bool Dump(NetlinkMessageWriter writer, string operation, NetlinkMessageHandler handler)
    {
        if (writer.MessageCount != 1)
            throw new ArgumentException("A dump takes exactly one request message.", nameof(writer));
        lock (_lock)
        {
            uint sequence = StampSequences(writer, NetlinkFlags.Dump);
            bool consistent = true;
            Send(writer.Written);
            while (true)
            {
                int received = Receive();
                foreach (var message in new NetlinkMessageEnumerator(_receiveBuffer.AsSpan(0, received)))
                {
                    if (message.Sequence != sequence)
                        continue;
                    if ((message.Flags & NetlinkFlags.DumpInterrupted) != 0)
                        consistent = false;
                    switch (message.Type)
                    {
                        case NetlinkMessageType.Done:
                            int errno = message.Payload.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(message.Payload) : 0;
                            if (errno > 0)
                                throw new NetlinkException(operation, errno, ReadExtendedAck(message, afterErrnoOnly: true));
                            return consistent;
                        case NetlinkMessageType.Error:
                            int error = ReadErrno(message);
                            if (error != 0)
                                throw new NetlinkException(operation, error, ReadExtendedAck(message));
                            return consistent;
                        case NetlinkMessageType.Noop:
                            break;
                        default:
                            handler(message);
                            break;
                    }
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private uint StampSequences(NetlinkMessageWriter writer, ushort extraFlags)
    {
        var buffer = writer.WrittenMutable;
        uint first = _sequence + 1;
        while (buffer.Length >= NetlinkHeader.Size)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(buffer[6..]);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer[6..], (ushort)(flags | NetlinkFlags.Request | extraFlags));
            BinaryPrimitives.WriteUInt32LittleEndian(buffer[8..], ++_sequence);
            buffer = buffer[NetlinkHeader.Align(length)..];
        }
        return first;
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            int sent = _socket.Send(datagram, SocketFlags.None);
            if (sent != datagram.Length)
                throw new NetlinkProtocolException($"netlink send wrote {sent} of {datagram.Length} bytes");
        }
        catch (SocketException e)
        {
            throw new SystemCallException("sending a netlink request", e.NativeErrorCode);
        }
    }

    private int Receive()
    {
        try
        {
            return _socket.Receive(_receiveBuffer, SocketFlags.None);
        }
        catch (SocketException e)
        {
            throw new SystemCallException("receiving a netlink reply", e.NativeErrorCode);
        }
    }

    private static int ReadErrno(NetlinkMessage message) =>
        message.Payload.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(message.Payload) : 0;

    /// <summary>
    /// struct nlmsgerr is the errno followed by the request's header (whole request unless capped);
    /// the extended-ACK TLVs come after that when NLM_F_ACK_TLVS is set. A DONE that ends a failed
    /// dump carries only the errno before its TLVs.
    /// </summary>
    internal static string? ReadExtendedAck(NetlinkMessage message, bool afterErrnoOnly = false)
    {
        if ((message.Flags & NetlinkFlags.AckTlvs) == 0)
            return null;
        var payload = message.Payload;
        int offset = 4;
        if (!afterErrnoOnly)
        {
            if (payload.Length < 4 + NetlinkHeader.Size)
                return null;
            int echoedLength = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
            offset += (message.Flags & NetlinkFlags.AckCapped) != 0 ? NetlinkHeader.Size : NetlinkHeader.Align(echoedLength);
        }
        if (offset > payload.Length)
            return null;
        foreach (var attribute in new NetlinkAttributeEnumerator(payload[offset..]))
        {
            if (attribute.Type == ErrorAttributeMessage)
                return attribute.AsString();
        }
        return null;
    }
}
