using Microsoft.Win32.SafeHandles;

namespace Tapyard.Linux.Links;

/// <summary>Settings to change on an existing link; null means leave as is. One RTM_NEWLINK carries them all.</summary>
public sealed record LinkChange
{
    public bool? Up { get; init; }
    public MacAddress? Mac { get; init; }
    public int? Mtu { get; init; }
    public int? TxQueueLength { get; init; }
    /// <summary>Index of the new master (bridge); 0 removes the link from its master (nomaster).</summary>
    public int? MasterIndex { get; init; }
    public bool? AllMulticast { get; init; }
    public bool? Promiscuous { get; init; }
    public string? NewName { get; init; }
    public uint? Group { get; init; }
    /// <summary>Moves the link into the namespace behind this fd.</summary>
    public SafeFileHandle? Namespace { get; init; }
    public bool? DisableIpv6AddressGeneration { get; init; }
    /// <summary>IFLA_IFALIAS; an empty string removes the alias. The kernel ignores it in a create, so it is set by a change.</summary>
    public string? Alias { get; init; }
}
