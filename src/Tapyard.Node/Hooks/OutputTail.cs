namespace Tapyard.Node.Hooks;

/// <summary>The last lines of one output stream of a hook (a chatty hook must not fill memory), and when the stream ended.</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ended => _ended.Task;

    /// <summary>For Process.OutputDataReceived / ErrorDataReceived: null data means end of stream.</summary>
    public void Receive(string? line)
    {
        if (line is null)
        {
            _ended.TrySetResult();
            return;
        }
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
                _lines.Dequeue();
        }
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_lines)
            return _lines.ToList();
    }
}
