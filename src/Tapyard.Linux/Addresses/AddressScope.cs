namespace Tapyard.Linux.Addresses;

/// <summary>RT_SCOPE_* (linux/rtnetlink.h): how far an address or route reaches. Shared by addresses and routes.</summary>
public enum AddressScope : byte
{
    Universe = 0,
    Site = 200,
    /// <summary>Reachable only on the link itself (on-link device routes, IPv6 link-local addresses).</summary>
    Link = 253,
    Host = 254,
    /// <summary>Used by deletes to match any scope.</summary>
    Nowhere = 255,
}
