using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tapyard.Lab.Guest;

/// <summary>
/// The lab guest's serial console, reached through QEMU's unix-socket chardev
/// (<c>-chardev socket,id=console,path=DIR/console.sock,server=on,wait=off,logfile=DIR/console.log -serial chardev:console</c>).
/// A reader thread drains the socket all the time (a full socket would stall the guest's serial port)
/// into a transcript; commands are matched in it by unique markers (<see cref="GuestConsoleTranscript"/>).
/// QEMU serves one client at a time: dispose this to let another connect.
/// </summary>
public sealed class GuestConsole : IDisposable
{
    /// <summary>The log file name beside the socket that QEMU writes everything the guest printed to.</summary>
    public const string LogFileName = "console.log";
    /// <summary>The unix socket QEMU listens on for the console, in the instance's runtime directory.</summary>
    public const string SocketFileName = "console.sock";
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(3);

    private readonly Socket _socket;
    private readonly StringBuilder _transcript = new();
    private readonly Thread _reader;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _commands = new(1, 1);
    private bool _closed;
    private bool _echoOff;

    private GuestConsole(Socket socket, string socketPath, string? logPath)
    {
        _socket = socket;
        SocketPath = socketPath;
        LogPath = logPath;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"guest console {socketPath}" };
        _reader.Start();
    }

    /// <summary>
    /// The QEMU arguments that put the guest's serial console on DIR/console.sock (server, not waiting for
    /// a client) and log everything it prints to DIR/console.log, for `instance console` and <see cref="WaitForReady"/>.
    /// </summary>
    public static IReadOnlyList<string> QemuArguments(string directory)
    {
        // QEMU option values escape a comma by doubling it.
        string socket = Path.Combine(directory, SocketFileName).Replace(",", ",,", StringComparison.Ordinal);
        string log = Path.Combine(directory, LogFileName).Replace(",", ",,", StringComparison.Ordinal);
        return ["-chardev", $"socket,id=console,path={socket},server=on,wait=off,logfile={log}", "-serial", "chardev:console"];
    }

    public string SocketPath { get; }
    /// <summary>QEMU's console log, checked for the ready line the guest may have printed before we connected.</summary>
    public string? LogPath { get; }

    /// <summary>
    /// Connects to the console socket, retrying until <paramref name="timeout"/> (default 10 s) while QEMU
    /// has not created it yet. <paramref name="logPath"/> defaults to console.log beside the socket.
    /// </summary>
    public static GuestConsole Connect(string socketPath, string? logPath = null, TimeSpan? timeout = null)
    {
        logPath ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(socketPath))!, LogFileName);
        long deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(socketPath));
                return new GuestConsole(socket, socketPath, logPath);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused or SocketError.AddressFamilyNotSupported || !File.Exists(socketPath))
            {
                socket.Dispose();
                if (Environment.TickCount64 >= deadline)
                    throw new GuestConsoleException($"guest console {socketPath}: cannot connect ({e.Message}); is the guest's QEMU running with its console on this socket?", e);
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Everything read from the socket so far, raw.</summary>
    public string Transcript
    {
        get { lock (_gate) return _transcript.ToString(); }
    }

    /// <summary>
    /// Waits until the guest printed <see cref="GuestInit.ReadyLine"/>: seen on the socket, in the log
    /// file (printed before we connected), or, failing both, its shell answers a probe (the shell only
    /// starts after the ready line).
    /// </summary>
    public void WaitForReady(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        long nextProbe = Environment.TickCount64 + (long)ProbeInterval.TotalMilliseconds;
        string? probe = null;
        while (true)
        {
            lock (_gate)
            {
                string text = _transcript.ToString();
                if (text.Contains(GuestInit.ReadyLine, StringComparison.Ordinal)
                    || (probe is not null && text.Contains(probe, StringComparison.Ordinal)))
                    return;
            }
            if (LogContainsReady())
                return;
            if (_closed)
                throw new GuestConsoleException($"guest console {SocketPath}: closed before the guest was ready (did QEMU exit?)");
            long now = Environment.TickCount64;
            if (now >= deadline)
                throw new GuestConsoleException($"guest console {SocketPath}: the guest did not print {GuestInit.ReadyLine} within {timeout.TotalSeconds:0} s; see {LogPath ?? "its console"}");
            if (now >= nextProbe)
            {
                string id = NewId();
                probe = $"TYPROBE-{id}";
                Send($"echo \"TYP\"\"ROBE-{id}\"\n");
                nextProbe = now + (long)ProbeInterval.TotalMilliseconds;
            }
            lock (_gate)
                Monitor.Wait(_gate, 200);
        }
    }

    /// <summary>
    /// Runs one shell command line in the guest and returns its output and exit status. On timeout the
    /// command is interrupted (Ctrl-C) and a <see cref="GuestConsoleException"/> is thrown.
    /// </summary>
    public GuestCommandResult Run(string command, TimeSpan timeout)
    {
        _commands.Wait();
        try
        {
            if (!_echoOff)
            {
                // The shell's echo of what we type is noise for parsing (the markers cope with it anyway).
                _echoOff = true;
                RunWrapped("stty -echo", timeout);
            }
            return RunWrapped(command, timeout);
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>busybox ping from inside the guest: <paramref name="count"/> echo requests, one a second.</summary>
    public GuestPingResult Ping(IPAddress target, int count = 3)
    {
        string countText = count.ToString(CultureInfo.InvariantCulture);
        string deadline = (count + 2).ToString(CultureInfo.InvariantCulture);
        var result = Run($"ping -c {countText} -w {deadline} {target}", TimeSpan.FromSeconds(count + 20));
        return GuestConsoleTranscript.ParsePing(result.Output)
            ?? throw new GuestConsoleException($"guest ping {target} printed no summary (exit {result.ExitCode}): {result.Output.Trim()}");
    }

    /// <summary>The guest's interfaces: name, MAC, state, queue counts and IPv4 addresses.</summary>
    public IReadOnlyList<GuestInterface> Interfaces()
    {
        var result = Run(GuestConsoleTranscript.InterfacesCommand, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
            throw new GuestConsoleException($"guest interface listing failed (exit {result.ExitCode}): {result.Output.Trim()}");
        return GuestConsoleTranscript.ParseInterfaces(result.Output);
    }

    private GuestCommandResult RunWrapped(string command, TimeSpan timeout)
    {
        string id = NewId();
        int from;
        lock (_gate)
            from = _transcript.Length;
        Send(GuestConsoleTranscript.Wrap(command, id));
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (true)
            {
                var result = GuestConsoleTranscript.Extract(_transcript.ToString(from, _transcript.Length - from), id);
                if (result is not null)
                    return result;
                if (_closed)
                    throw new GuestConsoleException($"guest console {SocketPath}: closed while running '{command}' (did QEMU exit?)");
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                    break;
                Monitor.Wait(_gate, (int)Math.Min(left, 500));
            }
        }
        Send("\x03"); // interrupt it, so the next command gets the shell
        throw new GuestConsoleException($"guest command '{command}' did not finish within {timeout.TotalSeconds:0} s");
    }

    private void Send(string text)
    {
        try
        {
            _socket.Send(Encoding.Latin1.GetBytes(text));
        }
        catch (SocketException e)
        {
            throw new GuestConsoleException($"guest console {SocketPath}: write failed ({e.Message}); did QEMU exit?", e);
        }
    }

    private bool LogContainsReady()
    {
        if (LogPath is null || !File.Exists(LogPath))
            return false;
        // QEMU holds it open for writing: share it.
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return reader.ReadToEnd().Contains(GuestInit.ReadyLine, StringComparison.Ordinal);
    }

    private void ReadLoop()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = _socket.Receive(buffer);
                if (n == 0)
                    break;
                lock (_gate)
                {
                    _transcript.Append(Encoding.Latin1.GetString(buffer, 0, n));
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed by Dispose or by QEMU: either way, no more output.
        }
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];

    public void Dispose()
    {
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        _socket.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
        _commands.Dispose();
    }
}
