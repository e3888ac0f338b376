using System.Text;

namespace Tapyard.Linux.Processes;

/// <summary>
/// Reads one output pipe of a child to its end on a task, so neither pipe can fill up and stall the child
/// while we wait for the other. What arrived can be taken at any time, also when the end never comes
/// (a background process of the child holds the pipe open).
/// </summary>
internal sealed class StreamCapture
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    private StreamCapture(Func<StreamCapture, Task> pump) => Ended = pump(this);

    /// <summary>Completes (never faults) when the pipe reached end-of-file, broke because the process was disposed, or <see cref="Failure"/> happened.</summary>
    public Task Ended { get; }

    /// <summary>Why copying stopped early, other than the pipe closing under us (a full disk under the target stream).</summary>
    public Exception? Failure { get; private set; }

    public string Text
    {
        get
        {
            lock (_gate)
                return _text.ToString();
        }
    }

    /// <summary>Collects <paramref name="reader"/> as text.</summary>
    public static StreamCapture OfText(StreamReader reader) => new(capture => Task.Run(async () =>
    {
        var buffer = new char[16 * 1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                lock (capture._gate)
                    capture._text.Append(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The pipe was closed under us (the run was abandoned): what arrived stays.
        }
    }));

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> as bytes.</summary>
    public static StreamCapture OfBytes(Stream source, Stream target) => new(capture => Task.Run(async () =>
    {
        try
        {
            await source.CopyToAsync(target).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            // The pipe was closed under us (the run was abandoned).
        }
        catch (Exception e)
        {
            capture.Failure = e;
        }
    }));
}
