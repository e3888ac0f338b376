namespace Tapyard.Core.Operations;

/// <summary>`instance add --node N [--vcpus C] [--memory MiB] --net IDX:... NAME`; the NICs must be numbered 0, 1, ... without gaps.</summary>
public sealed record InstanceAddRequest
{
    public const int DefaultVcpus = 1;
    public const int DefaultMemoryMiB = 256;

    public required string Name { get; init; }
    public required string Node { get; init; }
    public int Vcpus { get; init; } = DefaultVcpus;
    public int MemoryMiB { get; init; } = DefaultMemoryMiB;
    public IReadOnlyList<NicRequest> Nics { get; init; } = [];
    /// <summary>qemu or libvirt; null: the cluster's default.</summary>
    public string? Hypervisor { get; init; }
}
