namespace Tapyard.Node.Verify;

/// <summary>The findings of one verify of one node; with fix mode each says whether it was repaired.</summary>
public sealed record VerifyResult(string Node, IReadOnlyList<VerifyFinding> Findings)
{
    public IEnumerable<VerifyFinding> Remaining => Findings.Where(f => !f.Fixed);

    public bool Clean => !Remaining.Any();
}
