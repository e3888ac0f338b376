namespace Tapyard.Linux.Bpf;

/// <summary>What a direct-action tc program returns (TC_ACT_*, linux/pkt_cls.h).</summary>
public static class TcAction
{
    /// <summary>No verdict: the next filter runs, and after the last one the frame goes its normal way.</summary>
    public const int Unspecified = -1;

    /// <summary>Drop the frame.</summary>
    public const int Shot = 2;
}
