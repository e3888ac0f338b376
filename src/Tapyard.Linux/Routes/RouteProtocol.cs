namespace Tapyard.Linux.Routes;

/// <summary>RTPROT_* (linux/rtnetlink.h): who installed a route. `ip route add` uses Boot unless told otherwise.</summary>
public enum RouteProtocol : byte
{
    Unspecified = 0,
    Redirect = 1,
    /// <summary>Made by the kernel itself (prefix routes of addresses).</summary>
    Kernel = 2,
    Boot = 3,
    Static = 4,
    Dhcp = 16,
}
