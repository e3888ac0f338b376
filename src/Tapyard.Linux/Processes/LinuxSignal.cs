namespace Tapyard.Linux.Processes;

/// <summary>The signal numbers Tapyard sends (asm-generic/signal.h; the same on x86_64 and arm64).</summary>
public static class LinuxSignal
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Continue = 18;
    public const int Stop = 19;
}
