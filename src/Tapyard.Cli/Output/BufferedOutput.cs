namespace Tapyard.Cli.Output;

/// <summary>
/// Prints a command's whole text in one Write: stdout flushes on every write, so a list printed line
/// by line costs one system call per line (10,000 for a big `instance list`).
/// </summary>
internal static class BufferedOutput
{
    public static void Write(TextWriter output, Action<TextWriter> print)
    {
        var buffer = new StringWriter();
        print(buffer);
        output.Write(buffer.ToString());
    }
}
