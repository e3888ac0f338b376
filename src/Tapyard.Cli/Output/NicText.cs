using Tapyard.Core.Nics;

namespace Tapyard.Cli.Output;

/// <summary>The words NIC parameters are printed with, as typed on the command line (`mode=macvtap`, `mvtap_mode=bridge`).</summary>
internal static class NicText
{
    public static string Mode(NicMode mode) => mode switch
    {
        NicMode.Bridged => "bridged",
        NicMode.Routed => "routed",
        NicMode.OpenVswitch => "openvswitch",
        NicMode.Macvtap => "macvtap",
        _ => mode.ToString().ToLowerInvariant(),
    };

    public static string? Mode(NicMode? mode) => mode is { } m ? Mode(m) : null;

    public static string MvtapMode(MvtapMode mode) => mode switch
    {
        Core.Nics.MvtapMode.Bridge => "bridge",
        Core.Nics.MvtapMode.Vepa => "vepa",
        Core.Nics.MvtapMode.Private => "private",
        Core.Nics.MvtapMode.Passthru => "passthru",
        _ => mode.ToString().ToLowerInvariant(),
    };

    public static string? MvtapMode(MvtapMode? mode) => mode is { } m ? MvtapMode(m) : null;
}
