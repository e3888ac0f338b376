namespace Tapyard.Hypervisors.Nova;

/// <summary>The vif_type strings of Nova's network model for each <see cref="NovaVifType"/>.</summary>
public static class NovaVifTypeNames
{
    public const string Known = "macvtap, bridge, tap or ovs";

    public static string Of(NovaVifType type) => type switch
    {
        NovaVifType.Macvtap => "macvtap",
        NovaVifType.Bridge => "bridge",
        NovaVifType.Tap => "tap",
        NovaVifType.Ovs => "ovs",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? text, out NovaVifType type)
    {
        (bool ok, type) = text switch
        {
            "macvtap" => (true, NovaVifType.Macvtap),
            "bridge" => (true, NovaVifType.Bridge),
            "tap" => (true, NovaVifType.Tap),
            "ovs" => (true, NovaVifType.Ovs),
            _ => (false, default),
        };
        return ok;
    }
}
