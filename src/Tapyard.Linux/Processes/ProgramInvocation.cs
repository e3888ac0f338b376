using Tapyard.Linux.Namespaces;

namespace Tapyard.Linux.Processes;

/// <summary>What <see cref="ProgramRunner.Run"/> runs: a program with an argument vector (never a shell line), to completion.</summary>
public sealed record ProgramInvocation
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An absolute path, or a name looked up on PATH (and the usual system directories).</summary>
    public required string Program { get; init; }

    /// <summary>The arguments after argv[0].</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// The network namespace to run it in; null: ours. The program is started from the namespace's own
    /// thread and is born inside it (a child gets its parent thread's namespaces, and that thread's sysfs),
    /// so no `ip netns exec` process is added per call.
    /// </summary>
    public NetworkNamespace? Namespace { get; init; }

    /// <summary>Text written to its stdin, which is then closed; null: stdin is closed at once (it reads end-of-file, never our terminal).</summary>
    public string? Input { get; init; }

    /// <summary>Where its stdout goes, as bytes (an archive, a decompressed file); null: captured as text in <see cref="ProgramResult.Output"/>.</summary>
    public Stream? OutputTo { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>How long it may run; then it is killed and the result says so (<see cref="ProgramResult.TimedOut"/>).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The Debian package that provides the program, named in the error when it is not installed.</summary>
    public string? Package { get; init; }

    /// <summary>The program and its first arguments, for messages.</summary>
    public override string ToString() =>
        Arguments.Count == 0 ? Program : $"{Program} {string.Join(' ', Arguments.Take(6))}{(Arguments.Count > 6 ? " ..." : "")}";
}
