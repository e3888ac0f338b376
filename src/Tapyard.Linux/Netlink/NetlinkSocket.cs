using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket bound to the network namespace of the thread that opened it. One P/Invoke
/// (socket) makes the fd; everything after is the managed Socket. Requests are ACKed, replies
/// matched by sequence number, errors carry the kernel's extended-ACK text. Thread-safe.
/// An exchange that fails half way (a handler throws, recv fails or times out) reads the rest of its
/// replies before the error is thrown, so the next request starts clean; when even that fails, the
/// socket refuses further use with a clear error instead of mixing up replies.
/// </summary>
public sealed class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferBytes = 64 * 1024;
    private const int KernelSocketBufferBytes = 4 * 1024 * 1024;

    /// <summary>How long a request waits for its replies by default before <see cref="NetlinkTimeoutException"/>.</summary>
    public static readonly TimeSpan DefaultReplyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long draining an abandoned exchange waits for each further reply.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    // NLMSGERR_ATTR_* in the TLVs after an error's echoed header.
    private const ushort ErrorAttributeMessage = 1;

    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferBytes];
    private readonly Lock _lock = new();
    private readonly NetlinkMessageWriter _writer = new();
    private uint _sequence = (uint)Environment.TickCount;
    private TimeSpan _replyTimeout;
    private string? _brokenBy;

    private NetlinkSocket(Socket socket)
    {
        _socket = socket;
        ReplyTimeout = DefaultReplyTimeout;
    }

    /// <summary>Opens a rtnetlink socket in the calling thread's network namespace.</summary>
    public static NetlinkSocket OpenRoute() => OpenRoute(ConfigureDefault);

    /// <summary><see cref="OpenRoute()"/> with the option setting passed in: a test seam for its cleanup when that fails.</summary>
    internal static NetlinkSocket OpenRoute(Action<Socket> configure)
    {
        const string what = "opening a rtnetlink socket";
        int fd = Interop.Libc.Socket(Interop.SocketConstants.AF_NETLINK,
            Interop.SocketConstants.SOCK_RAW | Interop.SocketConstants.SOCK_CLOEXEC, Interop.SocketConstants.NETLINK_ROUTE);
        if (fd < 0)
            throw SystemCallException.FromLastError(what);
        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        Socket? socket = null;
        try
        {
            socket = new Socket(handle);
            // Extended ACKs give the kernel's reason in words; capped ACKs keep error replies small;
            // strict checking makes the kernel honour dump filters (kind, master) instead of ignoring them.
            configure(socket);
            return new NetlinkSocket(socket);
        }
        catch (SocketException e)
        {
            Close(socket, handle);
            throw new SystemCallException($"{what} (setting its options)", e.NativeErrorCode);
        }
        catch
        {
            Close(socket, handle);
            throw;
        }
    }

    private static void ConfigureDefault(Socket socket)
    {
        socket.SetRawSocketOption(Interop.SocketConstants.SOL_NETLINK, Interop.SocketConstants.NETLINK_EXT_ACK, BitConverter.GetBytes(1));
        socket.SetRawSocketOption(Interop.SocketConstants.SOL_NETLINK, Interop.SocketConstants.NETLINK_CAP_ACK, BitConverter.GetBytes(1));
        socket.SetRawSocketOption(Interop.SocketConstants.SOL_NETLINK, Interop.SocketConstants.NETLINK_GET_STRICT_CHK, BitConverter.GetBytes(1));
        // Bulk batches put hundreds of ACKs in flight at once; a roomy buffer avoids ENOBUFS.
        socket.ReceiveBufferSize = KernelSocketBufferBytes;
        socket.SendBufferSize = KernelSocketBufferBytes;
    }

    private static void Close(Socket? socket, SafeSocketHandle handle)
    {
        socket?.Dispose();
        handle.Dispose();
    }

    /// <summary>
    /// How long one request waits for each reply (SO_RCVTIMEO) before it fails with
    /// <see cref="NetlinkTimeoutException"/>, so a reply that never comes cannot hold the socket forever.
    /// </summary>
    public TimeSpan ReplyTimeout
    {
        get => _replyTimeout;
        set
        {
            if (value <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(value), value, "the reply timeout must be positive");
            lock (_lock)
            {
                _replyTimeout = value;
                _socket.ReceiveTimeout = (int)Math.Ceiling(value.TotalMilliseconds);
            }
        }
    }

    /// <summary>
    /// Sends every message in <paramref name="writer"/> with NLM_F_ACK and waits for all their ACKs.
    /// Replies other than ACKs (for GET requests) go to <paramref name="handler"/>. The kernel keeps
    /// processing a batch after one message fails; the first failure is thrown once all are answered,
    /// with <see cref="NetlinkException.MessageIndex"/> saying which message it was. When the handler
    /// throws, the remaining replies are still read (and not handed on) before its exception is rethrown.
    /// </summary>
    public void Execute(NetlinkMessageWriter writer, string operation, NetlinkMessageHandler? handler = null) =>
        Execute(writer, operation, handler, outcomes: default);

    /// <summary>
    /// As <see cref="Execute(NetlinkMessageWriter, string, NetlinkMessageHandler?)"/>, and fills
    /// <paramref name="outcomes"/> (one slot per message, in order) with each message's errno as the
    /// ACKs arrive: 0 for done, positive for refused; slots of messages without an ACK are left as they
    /// were. Callers that must undo a batch learn from it which messages took effect, also when the
    /// exchange failed part way.
    /// </summary>
    internal void Execute(NetlinkMessageWriter writer, string operation, NetlinkMessageHandler? handler, Span<int> outcomes)
    {
        lock (_lock)
        {
            ThrowIfBroken(operation);
            uint first = StampSequences(writer, NetlinkFlags.Ack);
            int count = writer.MessageCount;
            int pending = count;
            NetlinkException? failure = null;
            Exception? handlerFailure = null;
            Send(writer.Written);
            // A failed receive leaves replies of this batch in flight: later exchanges skip them by sequence number.
            while (pending > 0)
            {
                int received = Receive(operation);
                foreach (var message in new NetlinkMessageEnumerator(_receiveBuffer.AsSpan(0, received)))
                {
                    uint position = message.Sequence - first;
                    if (position >= (uint)count)
                        continue; // a late reply to an earlier, abandoned request
                    if (message.Type == NetlinkMessageType.Error)
                    {
                        pending--;
                        int errno = ReadErrno(message);
                        if (position < (uint)outcomes.Length)
                            outcomes[(int)position] = errno;
                        if (errno != 0)
                            failure ??= new NetlinkException(operation, errno, ReadExtendedAck(message)) { MessageIndex = count > 1 ? (int)position : null };
                    }
                    else if (message.Type != NetlinkMessageType.Noop && message.Type != NetlinkMessageType.Done
                        && handler is not null && handlerFailure is null)
                    {
                        try
                        {
                            handler(message);
                        }
                        catch (Exception e)
                        {
                            handlerFailure = e;
                        }
                    }
                }
            }
            if (handlerFailure is not null)
                ExceptionDispatchInfo.Throw(handlerFailure);
            if (failure is not null)
                throw failure;
        }
    }

    /// <summary>
    /// Encodes one or more requests into the socket's own writer and executes them as
    /// <see cref="Execute(NetlinkMessageWriter, string, NetlinkMessageHandler?)"/> does; the operations
    /// layers use this so none needs a writer and a lock of its own.
    /// </summary>
    public void Execute(Action<NetlinkMessageWriter> encode, string operation, NetlinkMessageHandler? handler = null) =>
        Execute(encode, operation, handler, outcomes: default);

    /// <inheritdoc cref="Execute(NetlinkMessageWriter, string, NetlinkMessageHandler?, Span{int})"/>
    internal void Execute(Action<NetlinkMessageWriter> encode, string operation, NetlinkMessageHandler? handler, Span<int> outcomes)
    {
        lock (_lock)
        {
            _writer.Reset();
            encode(_writer);
            Execute(_writer, operation, handler, outcomes);
        }
    }

    /// <summary>
    /// Sends one dump request and hands every reply message to <paramref name="handler"/> until
    /// NLMSG_DONE. Returns false when the kernel flagged the dump as interrupted (the set changed
    /// while it was read): the caller should discard what it got and dump again. When the handler
    /// throws, the dump is still read to its end (the kernel refuses a new dump with EBUSY while one
    /// is unfinished) and then the handler's exception is rethrown.
    /// </summary>
    public bool Dump(NetlinkMessageWriter writer, string operation, NetlinkMessageHandler handler)
    {
        if (writer.MessageCount != 1)
            throw new ArgumentException("A dump takes exactly one request message.", nameof(writer));
        lock (_lock)
        {
            ThrowIfBroken(operation);
            uint sequence = StampSequences(writer, NetlinkFlags.Dump);
            bool consistent = true;
            Exception? handlerFailure = null;
            NetlinkException? failure = null;
            Send(writer.Written);
            try
            {
                bool done = false;
                while (!done)
                {
                    int received = Receive(operation);
                    foreach (var message in new NetlinkMessageEnumerator(_receiveBuffer.AsSpan(0, received)))
                    {
                        if (message.Sequence != sequence)
                            continue;
                        if ((message.Flags & NetlinkFlags.DumpInterrupted) != 0)
                            consistent = false;
                        if (message.Type == NetlinkMessageType.Done)
                        {
                            int errno = ReadErrno(message);
                            if (errno > 0)
                                failure = new NetlinkException(operation, errno, ReadExtendedAck(message, afterErrnoOnly: true));
                            done = true;
                            break;
                        }
                        if (message.Type == NetlinkMessageType.Error)
                        {
                            int errno = ReadErrno(message);
                            if (errno != 0)
                                failure = new NetlinkException(operation, errno, ReadExtendedAck(message));
                            done = true;
                            break;
                        }
                        if (message.Type == NetlinkMessageType.Noop || handlerFailure is not null)
                            continue;
                        try
                        {
                            handler(message);
                        }
                        catch (Exception e)
                        {
                            handlerFailure = e;
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // recv failed or timed out, or a reply did not parse: the kernel may still be in this
                // dump. Read it to its end, or give the socket up.
                DrainDump(sequence, e);
                throw;
            }
            if (handlerFailure is not null)
                ExceptionDispatchInfo.Throw(handlerFailure);
            if (failure is not null)
                throw failure;
            return consistent;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Reads and drops the rest of dump <paramref name="sequence"/>; marks the socket broken when that fails.</summary>
    private void DrainDump(uint sequence, Exception cause)
    {
        int saved = _socket.ReceiveTimeout;
        try
        {
            _socket.ReceiveTimeout = (int)DrainTimeout.TotalMilliseconds;
            while (true)
            {
                int received = _socket.Receive(_receiveBuffer, SocketFlags.None);
                foreach (var message in new NetlinkMessageEnumerator(_receiveBuffer.AsSpan(0, received)))
                {
                    if (message.Sequence == sequence && message.Type is NetlinkMessageType.Done or NetlinkMessageType.Error)
                        return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or TapyardLinuxException or ObjectDisposedException)
        {
            _brokenBy = cause.Message;
        }
        finally
        {
            try { _socket.ReceiveTimeout = saved; }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }
    }

    private void ThrowIfBroken(string operation)
    {
        if (_brokenBy is { } cause)
            throw new TapyardLinuxException(
                $"{operation}: this rtnetlink socket can no longer be used: an earlier exchange failed and its replies could not be read ({cause}); open a new one");
    }

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

    private int Receive(string operation)
    {
        try
        {
            return _socket.Receive(_receiveBuffer, SocketFlags.None);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw new NetlinkTimeoutException(operation, _replyTimeout);
        }
        catch (SocketException e)
        {
            throw new SystemCallException($"{operation}: receiving a netlink reply", e.NativeErrorCode);
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
