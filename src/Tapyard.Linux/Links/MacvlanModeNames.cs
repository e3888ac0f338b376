namespace Tapyard.Linux.Links;

/// <summary>The lower-case names iproute2 and Ganeti's mvtap_mode use for each mode.</summary>
public static class MacvlanModeNames
{
    public static string ToName(this MacvlanMode mode) => mode switch
    {
        MacvlanMode.Private => "private",
        MacvlanMode.Vepa => "vepa",
        MacvlanMode.Bridge => "bridge",
        MacvlanMode.Passthru => "passthru",
        MacvlanMode.Source => "source",
        _ => $"mode{(uint)mode}",
    };

    public static bool TryParse(string? name, out MacvlanMode mode)
    {
        mode = name switch
        {
            "private" => MacvlanMode.Private,
            "vepa" => MacvlanMode.Vepa,
            "bridge" => MacvlanMode.Bridge,
            "passthru" => MacvlanMode.Passthru,
            "source" => MacvlanMode.Source,
            _ => 0,
        };
        return mode != 0;
    }
}
