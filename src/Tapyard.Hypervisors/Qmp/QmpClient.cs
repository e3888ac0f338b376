using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tapyard.Linux.Sockets;

namespace Tapyard.Hypervisors.Qmp;

/// <summary>
/// A QMP connection (QEMU Machine Protocol: one JSON object per line over a unix socket). Connecting
/// reads the greeting and negotiates capabilities; commands carry an "id" so answers are matched even
/// with several in flight; events are queued from the start and consumed by <see cref="WaitForEventAsync"/>.
/// One reader task owns the receive side; sends are serialized.
/// </summary>
public sealed class QmpClient : IDisposable, IAsyncDisposable
{
    /// <summary>Commands that get no answer in this time fail with <see cref="QmpConnectionException"/>.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The oldest queued events are dropped beyond this many (nobody is waiting for them).</summary>
    public const int EventQueueLimit = 1024;

    private readonly Socket _socket;
    private readonly string _path;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, PendingCommand> _pending = new();
    private readonly Lock _eventLock = new();
    private readonly LinkedList<QmpEvent> _events = new();
    private readonly List<EventWaiter> _waiters = [];
    private readonly TaskCompletionSource<JsonElement> _greeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private long _nextId;
    private Exception? _closedBecause;

    private QmpClient(Socket socket, string path)
    {
        _socket = socket;
        _path = path;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>The socket path this client is connected to.</summary>
    public string SocketPath => _path;

    /// <summary>The greeting's "QMP" object: version and capabilities.</summary>
    public JsonElement Greeting { get; private set; }

    /// <summary>Completes when the connection ends (QEMU quit or died, or this client was disposed).</summary>
    public Task Completion => _reader;

    public bool IsConnected => !_reader.IsCompleted;

    /// <summary>
    /// Connects to the QMP socket at <paramref name="socketPath"/>, retrying while it does not exist or
    /// refuses (QEMU still starting) until <paramref name="timeout"/>, then reads the greeting and sends
    /// qmp_capabilities.
    /// </summary>
    public static async Task<QmpClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        Socket socket;
        while (true)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellation).ConfigureAwait(false);
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused
                                                or SocketError.SocketError or SocketError.TryAgain)
            {
                socket.Dispose();
                if (DateTime.UtcNow >= deadline)
                    throw new QmpConnectionException($"cannot connect to the QMP socket {socketPath} within {timeout.TotalSeconds:0.#} s: {e.Message}", e);
                await Task.Delay(20, cancellation).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        var client = new QmpClient(socket, socketPath);
        try
        {
            var remaining = deadline - DateTime.UtcNow;
            client.Greeting = await client._greeting.Task.WaitAsync(remaining > TimeSpan.FromSeconds(5) ? remaining : TimeSpan.FromSeconds(5), cancellation)
                .ConfigureAwait(false);
            await client.ExecuteAsync("qmp_capabilities", null, cancellation).ConfigureAwait(false);
            return client;
        }
        catch (TimeoutException e)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new QmpConnectionException($"the QMP socket {socketPath} sent no greeting", e);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static QmpClient Connect(string socketPath, TimeSpan timeout) =>
        ConnectAsync(socketPath, timeout).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="command"/> and returns its "return" value; a QMP error is a <see cref="QmpException"/>.</summary>
    public Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments = null, CancellationToken cancellation = default) =>
        ExecuteAsync(command, arguments, [], DefaultCommandTimeout, cancellation);

    /// <summary>
    /// Runs <paramref name="command"/> with <paramref name="files"/> attached to it (SCM_RIGHTS), as
    /// getfd and add-fd expect: QEMU takes the fds that arrive with the command's bytes.
    /// </summary>
    public async Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments, IReadOnlyList<SafeHandle> files, TimeSpan timeout,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        string id = $"ty-{Interlocked.Increment(ref _nextId)}";
        var pending = new PendingCommand(command);
        _pending[id] = pending;
        try
        {
            byte[] bytes = Serialize(command, arguments, id);
            await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                ThrowIfClosed(command);
                if (files.Count > 0)
                    FileDescriptorPassing.Send(_socket, bytes, files);
                else
                    await _socket.SendAsync(bytes, SocketFlags.None, cancellation).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new QmpConnectionException($"QMP command {command} could not be sent on {_path}: {e.Message}", e);
            }
            finally
            {
                _sendLock.Release();
            }
            try
            {
                return await pending.Answer.Task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new QmpConnectionException($"QMP command {command} got no answer on {_path} within {timeout.TotalSeconds:0.#} s", e);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public JsonElement Execute(string command, JsonObject? arguments = null) =>
        ExecuteAsync(command, arguments).GetAwaiter().GetResult();

    /// <summary>`getfd`: hands <paramref name="file"/> to QEMU under <paramref name="fdName"/> (then e.g. netdev_add fd=NAME).</summary>
    public async Task SendFileDescriptorAsync(string fdName, SafeHandle file, CancellationToken cancellation = default) =>
        await ExecuteAsync("getfd", new JsonObject { ["fdname"] = fdName }, [file], DefaultCommandTimeout, cancellation).ConfigureAwait(false);

    public void SendFileDescriptor(string fdName, SafeHandle file) => SendFileDescriptorAsync(fdName, file).GetAwaiter().GetResult();

    /// <summary>`add-fd`: adds <paramref name="file"/> to an fd set (a new one when <paramref name="fdsetId"/> is null).</summary>
    public async Task<QmpAddedFd> AddFdAsync(SafeHandle file, int? fdsetId = null, string? opaque = null, CancellationToken cancellation = default)
    {
        var arguments = new JsonObject();
        if (fdsetId is { } set)
            arguments["fdset-id"] = set;
        if (opaque is not null)
            arguments["opaque"] = opaque;
        var answer = await ExecuteAsync("add-fd", arguments, [file], DefaultCommandTimeout, cancellation).ConfigureAwait(false);
        return new QmpAddedFd(answer.GetProperty("fdset-id").GetInt32(), answer.GetProperty("fd").GetInt32());
    }

    public QmpAddedFd AddFd(SafeHandle file, int? fdsetId = null, string? opaque = null) =>
        AddFdAsync(file, fdsetId, opaque).GetAwaiter().GetResult();

    /// <summary>
    /// The first event named <paramref name="name"/> (matching <paramref name="predicate"/>) received since
    /// connecting and not consumed yet, or the next one to arrive; it is consumed. Times out with
    /// <see cref="TimeoutException"/>; fails with <see cref="QmpConnectionException"/> when the connection ends first.
    /// </summary>
    public async Task<QmpEvent> WaitForEventAsync(string name, Func<QmpEvent, bool>? predicate, TimeSpan timeout, CancellationToken cancellation = default)
    {
        EventWaiter waiter;
        lock (_eventLock)
        {
            for (var node = _events.First; node is not null; node = node.Next)
                if (node.Value.Name == name && (predicate is null || predicate(node.Value)))
                {
                    _events.Remove(node);
                    return node.Value;
                }
            if (_closedBecause is { } closed)
                throw new QmpConnectionException($"waiting for QMP event {name} on {_path}: {closed.Message}", closed);
            waiter = new EventWaiter(name, predicate);
            _waiters.Add(waiter);
        }
        try
        {
            return await waiter.Result.Task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"QMP event {name} did not arrive on {_path} within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            lock (_eventLock)
                _waiters.Remove(waiter);
        }
    }

    public QmpEvent WaitForEvent(string name, Func<QmpEvent, bool>? predicate, TimeSpan timeout) =>
        WaitForEventAsync(name, predicate, timeout).GetAwaiter().GetResult();

    /// <summary>Takes every queued (unconsumed) event.</summary>
    public IReadOnlyList<QmpEvent> TakeEvents()
    {
        lock (_eventLock)
        {
            var all = _events.ToList();
            _events.Clear();
            return all;
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            _stop.Cancel();
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        try { await _reader.ConfigureAwait(false); }
        catch (Exception) { /* the reader records why it ended */ }
        _socket.Dispose();
    }

    private static byte[] Serialize(string command, JsonObject? arguments, string id)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute", command);
            if (arguments is not null)
            {
                writer.WritePropertyName("arguments");
                arguments.WriteTo(writer);
            }
            writer.WriteString("id", id);
            writer.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private void ThrowIfClosed(string command)
    {
        if (Volatile.Read(ref _closedBecause) is { } closed)
            throw new QmpConnectionException($"QMP command {command} cannot be sent: {closed.Message}", closed);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var line = new ArrayBufferWriter<byte>(4096);
        Exception why;
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    why = new QmpConnectionException($"QMP socket {_path} was closed by QEMU");
                    break;
                }
                var chunk = buffer.AsSpan(0, read);
                int newline;
                while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
                {
                    line.Write(chunk[..newline]);
                    Dispatch(line.WrittenSpan);
                    line.ResetWrittenCount();
                    chunk = chunk[(newline + 1)..];
                }
                line.Write(chunk);
            }
        }
        catch (OperationCanceledException e)
        {
            why = new QmpConnectionException($"QMP connection to {_path} was closed", e);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or JsonException or QmpConnectionException)
        {
            why = e as QmpConnectionException ?? new QmpConnectionException($"QMP connection to {_path} failed: {e.Message}", e);
        }
        Close(why);
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        if (json.Trim((byte)'\r').IsEmpty)
            return;
        JsonElement message;
        using (var document = JsonDocument.Parse(json.ToArray()))
            message = document.RootElement.Clone();
        if (message.ValueKind != JsonValueKind.Object)
            throw new QmpConnectionException($"QMP socket {_path} sent something that is not a JSON object");
        if (message.TryGetProperty("QMP", out var greeting))
        {
            _greeting.TrySetResult(greeting);
            return;
        }
        if (message.TryGetProperty("event", out var eventName))
        {
            OnEvent(new QmpEvent(eventName.GetString() ?? "", message.TryGetProperty("data", out var data) ? data : EmptyObject,
                TimestampOf(message)));
            return;
        }
        string? id = message.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        if (id is null || !_pending.TryGetValue(id, out var pending))
            return; // an answer nobody waits for any more (timed out)
        if (message.TryGetProperty("return", out var result))
            pending.Answer.TrySetResult(result);
        else if (message.TryGetProperty("error", out var error))
            pending.Answer.TrySetException(new QmpException(pending.Command,
                error.TryGetProperty("class", out var c) ? c.GetString() ?? "" : "",
                error.TryGetProperty("desc", out var d) ? d.GetString() ?? "" : ""));
    }

    private void OnEvent(QmpEvent qmpEvent)
    {
        lock (_eventLock)
        {
            foreach (var waiter in _waiters)
                if (waiter.Name == qmpEvent.Name && !waiter.Result.Task.IsCompleted && (waiter.Predicate is null || waiter.Predicate(qmpEvent)))
                {
                    waiter.Result.TrySetResult(qmpEvent);
                    return;
                }
            _events.AddLast(qmpEvent);
            if (_events.Count > EventQueueLimit)
                _events.RemoveFirst();
        }
    }

    private void Close(Exception why)
    {
        Volatile.Write(ref _closedBecause, why);
        _greeting.TrySetException(why);
        foreach (var pending in _pending.Values)
            pending.Answer.TrySetException(new QmpConnectionException($"QMP command {pending.Command} got no answer: {why.Message}", why));
        lock (_eventLock)
        {
            foreach (var waiter in _waiters)
                waiter.Result.TrySetException(new QmpConnectionException($"waiting for QMP event {waiter.Name}: {why.Message}", why));
        }
    }

    private static DateTimeOffset TimestampOf(JsonElement message)
    {
        if (message.TryGetProperty("timestamp", out var t) && t.TryGetProperty("seconds", out var s) && t.TryGetProperty("microseconds", out var us))
            return DateTimeOffset.FromUnixTimeSeconds(s.GetInt64()).AddTicks(us.GetInt64() * 10);
        return DateTimeOffset.UtcNow;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private sealed class PendingCommand(string command)
    {
        public string Command { get; } = command;
        public TaskCompletionSource<JsonElement> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class EventWaiter(string name, Func<QmpEvent, bool>? predicate)
    {
        public string Name { get; } = name;
        public Func<QmpEvent, bool>? Predicate { get; } = predicate;
        public TaskCompletionSource<QmpEvent> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
