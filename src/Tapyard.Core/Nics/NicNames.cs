using Tapyard.Core.Errors;

namespace Tapyard.Core.Nics;

/// <summary>The names users type and read for NIC modes and macvtap modes (Ganeti's spelling, lower case).</summary>
public static class NicNames
{
    public static string Of(NicMode mode) => mode switch
    {
        NicMode.Bridged => "bridged",
        NicMode.Routed => "routed",
        NicMode.OpenVswitch => "openvswitch",
        NicMode.Macvtap => "macvtap",
        NicMode.Tap => "tap",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static string Of(MvtapMode mode) => mode switch
    {
        MvtapMode.Vepa => "vepa",
        MvtapMode.Bridge => "bridge",
        MvtapMode.Private => "private",
        MvtapMode.Passthru => "passthru",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>A nicparams mode as users give it; "tap" (<see cref="NicMode.Tap"/>, Nova tap VIFs only) is refused like any unknown mode.</summary>
    public static NicMode ParseMode(string text) => text switch
    {
        "bridged" => NicMode.Bridged,
        "routed" => NicMode.Routed,
        "openvswitch" => NicMode.OpenVswitch,
        "macvtap" => NicMode.Macvtap,
        _ => throw new TapyardException($"unknown NIC mode '{text}'; use bridged, routed, openvswitch or macvtap"),
    };

    public static MvtapMode ParseMvtapMode(string text) => text switch
    {
        "vepa" => MvtapMode.Vepa,
        "bridge" => MvtapMode.Bridge,
        "private" => MvtapMode.Private,
        "passthru" => MvtapMode.Passthru,
        _ => throw new TapyardException($"unknown mvtap_mode '{text}'; use vepa, bridge, private or passthru"),
    };
}
