namespace Tapyard.Linux.Processes;

/// <summary>How a reaped child ended: an exit code, or the signal that killed it.</summary>
public readonly record struct ProcessExit(int? ExitCode, int? Signal)
{
    /// <summary>Decodes a waitpid status (WIFEXITED / WTERMSIG).</summary>
    public static ProcessExit FromWaitStatus(int status) =>
        (status & 0x7f) == 0 ? new ProcessExit((status >> 8) & 0xff, null) : new ProcessExit(null, status & 0x7f);

    public bool Succeeded => ExitCode == 0;

    public override string ToString() => ExitCode is { } code ? $"exit code {code}" : $"signal {Signal}";
}
