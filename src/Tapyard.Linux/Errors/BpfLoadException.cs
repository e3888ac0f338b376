namespace Tapyard.Linux.Errors;

/// <summary>
/// The kernel refused to load an eBPF program: errno, and the verifier's log (the instruction it
/// stopped at and why) when it gave one.
/// </summary>
public sealed class BpfLoadException(string program, int errno, string verifierLog, string message)
    : TapyardLinuxException(message, errno)
{
    public string Program { get; } = program;

    /// <summary>The verifier's log text; empty when it wrote none (e.g. the syscall was refused before verification).</summary>
    public string VerifierLog { get; } = verifierLog;
}
