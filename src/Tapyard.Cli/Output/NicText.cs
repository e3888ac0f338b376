using Tapyard.Core.Nics;

namespace Tapyard.Cli.Output;

/// <summary>The words NIC parameters are printed with, as typed on the command line (`mode=macvtap`, `mvtap_mode=bridge`): <see cref="NicNames"/>'s.</summary>
internal static class NicText
{
    public static string Mode(NicMode mode) => NicNames.Of(mode);

    public static string? Mode(NicMode? mode) => mode is { } m ? Mode(m) : null;

    public static string MvtapMode(MvtapMode mode) => NicNames.Of(mode);

    public static string? MvtapMode(MvtapMode? mode) => mode is { } m ? MvtapMode(m) : null;
}
