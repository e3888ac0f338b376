using System.Text;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.TrafficControl;

/// <summary>
/// Encodes the RTM_*QDISC and RTM_*TFILTER requests Tapyard sends: pure functions of their inputs,
/// laid out as `tc qdisc add ... clsact` and `tc filter add ... bpf da fd N` send them.
/// </summary>
public static class TcRequests
{
    /// <summary>RTM_NEWQDISC clsact with NLM_F_CREATE|NLM_F_EXCL: refused (EEXIST) when the device already has one.</summary>
    public static void AddClsact(NetlinkMessageWriter writer, int ifindex)
    {
        writer.BeginMessage(NetlinkMessageType.NewQdisc, NetlinkFlags.Create | NetlinkFlags.Exclusive)
            .WriteStruct(new TcMessage { Index = ifindex, Handle = TcConstants.ClsactHandle, Parent = TcConstants.ClsactParent })
            .PutString(TcConstants.Kind, TcConstants.ClsactKind);
        writer.EndMessage();
    }

    public static void DeleteClsact(NetlinkMessageWriter writer, int ifindex)
    {
        writer.BeginMessage(NetlinkMessageType.DelQdisc, 0)
            .WriteStruct(new TcMessage { Index = ifindex, Handle = TcConstants.ClsactHandle, Parent = TcConstants.ClsactParent });
        writer.EndMessage();
    }

    /// <summary>RTM_GETQDISC dump request for the device (the kernel lists all devices' qdiscs; the reader keeps this one's).</summary>
    public static void DumpQdiscs(NetlinkMessageWriter writer, int ifindex)
    {
        writer.BeginMessage(NetlinkMessageType.GetQdisc, 0).WriteStruct(new TcMessage { Index = ifindex });
        writer.EndMessage();
    }

    /// <summary>
    /// RTM_NEWTFILTER with NLM_F_CREATE|NLM_F_REPLACE and a fixed handle: a new filter at that
    /// priority, or the program of the one already there swapped in place (no moment without one).
    /// </summary>
    public static void AttachBpf(NetlinkMessageWriter writer, int ifindex, TcHook hook, ushort priority, int programFd, string name)
    {
        writer.BeginMessage(NetlinkMessageType.NewFilter, NetlinkFlags.Create | NetlinkFlags.Replace)
            .WriteStruct(FilterHeader(ifindex, hook, priority, TcConstants.AllProtocolsNetworkOrder, TcConstants.BpfFilterHandle))
            .PutString(TcConstants.Kind, TcConstants.BpfKind);
        int options = writer.BeginNested(TcConstants.Options);
        writer.PutU32(TcConstants.BpfFd, (uint)programFd);
        writer.PutString(TcConstants.BpfName, name);
        writer.PutU32(TcConstants.BpfFlags, TcConstants.BpfFlagDirectAction);
        writer.EndNested(options);
        writer.EndMessage();
    }

    /// <summary>RTM_DELTFILTER for the whole priority (handle 0, protocol 0 = any), as `tc filter del dev X ingress pref N`.</summary>
    public static void DeleteFilter(NetlinkMessageWriter writer, int ifindex, TcHook hook, ushort priority)
    {
        writer.BeginMessage(NetlinkMessageType.DelFilter, 0).WriteStruct(FilterHeader(ifindex, hook, priority, 0, 0));
        writer.EndMessage();
    }

    public static void DumpFilters(NetlinkMessageWriter writer, int ifindex, TcHook hook)
    {
        writer.BeginMessage(NetlinkMessageType.GetFilter, 0).WriteStruct(new TcMessage { Index = ifindex, Parent = TcConstants.FilterParent(hook) });
        writer.EndMessage();
    }

    private static TcMessage FilterHeader(int ifindex, TcHook hook, ushort priority, ushort protocol, uint handle) => new()
    {
        Index = ifindex,
        Handle = handle,
        Parent = TcConstants.FilterParent(hook),
        Info = ((uint)priority << 16) | protocol,
    };

    /// <summary>TCA_KIND's text (NUL-terminated in replies).</summary>
    internal static string Text(ReadOnlySpan<byte> payload)
    {
        int end = payload.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end >= 0 ? payload[..end] : payload);
    }
}
