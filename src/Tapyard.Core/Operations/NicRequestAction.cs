namespace Tapyard.Core.Operations;

/// <summary>What a --net option asks: the NIC at an index (instance add), a new NIC (modify add:), or removal (modify remove:IDX).</summary>
public enum NicRequestAction
{
    Set,
    Add,
    Remove,
}
