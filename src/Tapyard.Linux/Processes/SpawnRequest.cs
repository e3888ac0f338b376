namespace Tapyard.Linux.Processes;

/// <summary>What <see cref="ProcessSpawner.Spawn"/> starts: a program with an argument vector (never a shell line).</summary>
public sealed record SpawnRequest
{
    /// <summary>An absolute path, or a name looked up on PATH.</summary>
    public required string Program { get; init; }

    /// <summary>The arguments after argv[0] (which is <see cref="Program"/>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The child's whole environment ("NAME=value"), explicit so nothing of ours leaks into it; null: PATH and LANG=C only.</summary>
    public IReadOnlyList<string>? Environment { get; init; }

    /// <summary>Files handed to the child at fixed fd numbers (each &gt;= 3, distinct); every other fd of ours is closed in the child.</summary>
    public IReadOnlyList<InheritedFile> Files { get; init; } = [];

    /// <summary>stdout and stderr are appended to this file (created 0640); null: /dev/null. stdin is always /dev/null.</summary>
    public string? OutputPath { get; init; }

    /// <summary>setsid() in the child: it leaves our session and process group (a terminal's ^C does not reach it).</summary>
    public bool NewSession { get; init; } = true;
}
