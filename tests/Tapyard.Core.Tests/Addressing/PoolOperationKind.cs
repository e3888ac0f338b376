namespace Tapyard.Core.Tests.Addressing;

public enum PoolOperationKind
{
    Reserve,
    TryReserve,
    Release,
    FirstFree,
}
