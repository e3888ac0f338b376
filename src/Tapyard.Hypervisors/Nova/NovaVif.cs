using Tapyard.Linux.Links;

namespace Tapyard.Hypervisors.Nova;

/// <summary>
/// A Nova VIF (nova.network.model.VIF as JSON): what Nova's libvirt vif driver gets for one port.
/// Built only by <see cref="Parse"/>/<see cref="Load"/>, which check everything the type needs, so
/// a value of this type is always usable.
/// </summary>
public sealed record NovaVif
{
    /// <summary>Neutron port id.</summary>
    public required string Id { get; init; }
    /// <summary>The guest's MAC ("address").</summary>
    public required MacAddress Address { get; init; }
    public required NovaVifType Type { get; init; }
    /// <summary>"devname" as given (null: absent); see <see cref="DeviceName"/>.</summary>
    public string? DevName { get; init; }
    /// <summary>"ovs_interfaceid" when given; Nova falls back to <see cref="Id"/>.</summary>
    public string? OvsInterfaceId { get; init; }
    public NovaVifNetwork Network { get; init; } = NovaVifNetwork.Empty;
    public NovaVifDetails Details { get; init; } = NovaVifDetails.Empty;
    public NovaVifBandwidth Bandwidth { get; init; } = NovaVifBandwidth.None;

    /// <summary>Nova's NIC_NAME_LEN: host device names derived from the port id are cut to 14 characters.</summary>
    public const int NicNameLength = 14;

    /// <summary>The host device name: devname, or Nova's fallback ("nic" + id, cut to 14: get_vif_devname).</summary>
    public string DeviceName => DevName ?? ("nic" + Id)[..Math.Min(NicNameLength, 3 + Id.Length)];

    /// <summary>The interface id Open vSwitch ports carry (external-ids:iface-id; libvirt's interfaceid).</summary>
    public string InterfaceId => OvsInterfaceId ?? Id;

    /// <summary>Parses and checks a VIF from JSON text; <see cref="NovaVifException"/> names the first problem.</summary>
    public static NovaVif Parse(string json) => NovaVifParser.Parse(json, source: null);

    /// <summary>Reads and parses a VIF file; errors name the file.</summary>
    public static NovaVif Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NovaVifException($"cannot read VIF file {path}: {e.Message}", e);
        }
        return NovaVifParser.Parse(text, source: path);
    }
}
