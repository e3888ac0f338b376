using System.Runtime.InteropServices;

namespace Tapyard.Linux.TrafficControl;

/// <summary>struct tcmsg (20 bytes), the fixed header of every RTM_*QDISC and RTM_*TFILTER message.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TcMessage
{
    public const int Size = 20;

    public byte Family;
    public byte Padding1;
    public ushort Padding2;
    public int Index;
    public uint Handle;
    public uint Parent;
    /// <summary>For a filter: priority in the high 16 bits, protocol (network order) in the low 16.</summary>
    public uint Info;
}
