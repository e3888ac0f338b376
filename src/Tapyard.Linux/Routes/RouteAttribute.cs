namespace Tapyard.Linux.Routes;

/// <summary>RTA_* attribute numbers (linux/rtnetlink.h).</summary>
public static class RouteAttribute
{
    public const ushort Destination = 1;
    public const ushort Source = 2;
    public const ushort InputInterface = 3;
    public const ushort OutputInterface = 4;
    public const ushort Gateway = 5;
    /// <summary>The metric (`ip route ... metric N`).</summary>
    public const ushort Priority = 6;
    public const ushort PreferredSource = 7;
    public const ushort Metrics = 8;
    public const ushort Multipath = 9;
    public const ushort Flow = 11;
    public const ushort CacheInfo = 12;
    /// <summary>The full 32-bit table id; rtm_table only holds 8 bits.</summary>
    public const ushort Table = 15;
    public const ushort Mark = 16;
    public const ushort Preference = 20;
}
