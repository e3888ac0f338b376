using Tapyard.Core.Nics;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>libvirt's spelling of Tapyard values.</summary>
public static class LibvirtNames
{
    /// <summary>&lt;source mode=...&gt; of a direct interface: Ganeti's "passthru" is libvirt's "passthrough".</summary>
    public static string DirectMode(MvtapMode mode) => mode switch
    {
        MvtapMode.Vepa => "vepa",
        MvtapMode.Bridge => "bridge",
        MvtapMode.Private => "private",
        MvtapMode.Passthru => "passthrough",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static string Of(LibvirtInterfaceType type) => type switch
    {
        LibvirtInterfaceType.Direct => "direct",
        LibvirtInterfaceType.Bridge => "bridge",
        LibvirtInterfaceType.Ethernet => "ethernet",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
