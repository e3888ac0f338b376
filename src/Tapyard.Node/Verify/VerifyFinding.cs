namespace Tapyard.Node.Verify;

/// <summary>One anomaly on a node: its kind, the device (or record/lower device) it is about, and a human-readable detail.</summary>
public sealed record VerifyFinding(VerifyFindingKind Kind, string Device, string Detail)
{
    /// <summary>Set by fix mode when the anomaly was repaired.</summary>
    public bool Fixed { get; init; }
}
