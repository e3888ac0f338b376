namespace Tapyard.Core.Operations;

/// <summary>
/// `instance modify [--vcpus C] [--memory MiB] --net add:...|remove:IDX NAME`. NIC changes apply in
/// order, each index counting in the NIC list as the earlier changes left it (as Ganeti does).
/// </summary>
public sealed record InstanceModifyRequest
{
    public required string Name { get; init; }
    public int? Vcpus { get; init; }
    public int? MemoryMiB { get; init; }
    public IReadOnlyList<NicRequest> Nics { get; init; } = [];
}
