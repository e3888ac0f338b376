using System.Runtime.InteropServices;

namespace Tapyard.Linux.Addresses;

/// <summary>struct ifaddrmsg (8 bytes), the fixed header of every RTM_*ADDR message.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct InterfaceAddressMessage
{
    public const int Size = 8;

    public byte Family;
    public byte PrefixLength;
    /// <summary>The low 8 bits of the IFA_F_* flags; the full set travels in IFA_FLAGS.</summary>
    public byte Flags;
    public byte Scope;
    public int Index;
}
