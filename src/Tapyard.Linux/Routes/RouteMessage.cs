using System.Runtime.InteropServices;

namespace Tapyard.Linux.Routes;

/// <summary>struct rtmsg (12 bytes), the fixed header of every RTM_*ROUTE message.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RouteMessage
{
    public const int Size = 12;

    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    /// <summary>The table when it is below 256; RT_TABLE_UNSPEC (0) with RTA_TABLE for larger ones.</summary>
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}
