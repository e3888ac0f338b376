namespace Tapyard.Linux.Routes;

/// <summary>The reserved routing table ids (RT_TABLE_*); any other up to 2^32-1 is free for use (Ganeti's routed mode uses one per link).</summary>
public static class RouteTables
{
    public const uint Unspecified = 0;
    public const uint Default = 253;
    public const uint Main = 254;
    public const uint Local = 255;

    /// <summary>"main", "local", "default" or the number, as iproute2 prints them.</summary>
    public static string Name(uint table) => table switch
    {
        Main => "main",
        Local => "local",
        Default => "default",
        _ => table.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
