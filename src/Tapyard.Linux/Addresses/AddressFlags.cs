namespace Tapyard.Linux.Addresses;

/// <summary>IFA_F_* (linux/if_addr.h). Only the low byte fits in ifaddrmsg; the rest travel in IFA_FLAGS.</summary>
[Flags]
public enum AddressFlags : uint
{
    None = 0,
    Secondary = 0x01,
    /// <summary>IPv6: skip duplicate address detection, so the address is usable at once (never "tentative").</summary>
    NoDad = 0x02,
    Optimistic = 0x04,
    DadFailed = 0x08,
    HomeAddress = 0x10,
    Deprecated = 0x20,
    Tentative = 0x40,
    Permanent = 0x80,
    ManageTemporaryAddress = 0x100,
    NoPrefixRoute = 0x200,
    MulticastAutoJoin = 0x400,
    StablePrivacy = 0x800,
}
