using System.Runtime.InteropServices;

namespace Tapyard.Linux.Links;

/// <summary>struct ifinfomsg (16 bytes), the fixed header of every RTM_*LINK message.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct InterfaceInfoMessage
{
    public const int Size = 16;

    public byte Family;
    public byte Padding;
    public ushort DeviceType;
    public int Index;
    public uint Flags;
    public uint Change;
}
