namespace Tapyard.Core.Tests.Addressing;

/// <summary>One step of a random pool workout: what to do and where (an index inside the pool).</summary>
public sealed record PoolOperation(PoolOperationKind Kind, int Index)
{
    public override string ToString() => $"{Kind}({Index})";
}
