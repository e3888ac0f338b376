using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.TrafficControl;

/// <summary>Decodes RTM_NEWQDISC and RTM_NEWTFILTER replies.</summary>
public static class TcMessageParser
{
    public readonly record struct QdiscEntry(int Index, uint Handle, uint Parent, string Kind);

    public static QdiscEntry? ParseQdisc(NetlinkMessage message)
    {
        var header = message.ReadStruct<TcMessage>();
        foreach (var attribute in message.Attributes(TcMessage.Size))
        {
            if (attribute.Type == TcConstants.Kind)
                return new QdiscEntry(header.Index, header.Handle, header.Parent, TcRequests.Text(attribute.Payload));
        }
        return null;
    }

    /// <summary>
    /// A bpf filter entry, or null for other kinds and for the per-priority head entry the kernel
    /// sends before the filters (handle 0, no options).
    /// </summary>
    public static TcBpfFilter? ParseBpfFilter(NetlinkMessage message, TcHook hook)
    {
        var header = message.ReadStruct<TcMessage>();
        string? kind = null;
        string name = "";
        uint id = 0, flags = 0;
        bool options = false;
        foreach (var attribute in message.Attributes(TcMessage.Size))
        {
            if (attribute.Type == TcConstants.Kind)
                kind = TcRequests.Text(attribute.Payload);
            else if (attribute.Type == TcConstants.Options)
            {
                options = true;
                foreach (var option in attribute.Nested())
                {
                    switch (option.Type)
                    {
                        case TcConstants.BpfName: name = option.AsString(); break;
                        case TcConstants.BpfId: id = option.AsU32(); break;
                        case TcConstants.BpfFlags: flags = option.AsU32(); break;
                    }
                }
            }
        }
        if (kind != TcConstants.BpfKind || !options || header.Handle == 0)
            return null;
        return new TcBpfFilter(hook, (ushort)(header.Info >> 16), name, id, (flags & TcConstants.BpfFlagDirectAction) != 0);
    }
}
