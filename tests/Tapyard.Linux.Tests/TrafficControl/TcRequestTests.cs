using System.Buffers.Binary;
using Tapyard.Linux.Netlink;
using Tapyard.Linux.TrafficControl;

namespace Tapyard.Linux.Tests.TrafficControl;

/// <summary>The tc requests' headers and attributes, as `tc filter add dev X ingress prio N bpf da fd F name N` lays them out.</summary>
public sealed class TcRequestTests
{
    [Fact]
    public void Attach_carries_priority_protocol_parent_handle_and_the_programs_fd_name_and_direct_action()
    {
        var writer = new NetlinkMessageWriter();
        TcRequests.AttachBpf(writer, 5, TcHook.Egress, 4094, programFd: 33, "ty_vtag_4094");
        var bytes = writer.Written;
        Assert.Equal(NetlinkMessageType.NewFilter, BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]));
        Assert.Equal(NetlinkFlags.Create | NetlinkFlags.Replace, BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]));
        var message = new NetlinkMessageEnumerator(bytes);
        Assert.True(message.MoveNext());
        var header = message.Current.ReadStruct<TcMessage>();
        Assert.Equal(5, header.Index);
        Assert.Equal(1u, header.Handle);
        Assert.Equal(0xFFFF_FFF3u, header.Parent);
        Assert.Equal(0x0FFE_0300u, header.Info);   // prio 4094 << 16 | htons(ETH_P_ALL)
        var seen = new List<string>();
        foreach (var attribute in message.Current.Attributes(TcMessage.Size))
        {
            if (attribute.Type == TcConstants.Kind)
                seen.Add($"kind={attribute.AsString()}");
            if (attribute.Type != TcConstants.Options)
                continue;
            foreach (var option in attribute.Nested())
            {
                seen.Add(option.Type switch
                {
                    TcConstants.BpfFd => $"fd={option.AsU32()}",
                    TcConstants.BpfName => $"name={option.AsString()}",
                    TcConstants.BpfFlags => $"flags={option.AsU32()}",
                    _ => $"unexpected {option.Type}",
                });
            }
        }
        Assert.Equal(["kind=bpf", "fd=33", "name=ty_vtag_4094", "flags=1"], seen);
    }

    [Fact]
    public void Delete_names_the_whole_priority_for_any_protocol()
    {
        var writer = new NetlinkMessageWriter();
        TcRequests.DeleteFilter(writer, 5, TcHook.Ingress, 10);
        var message = new NetlinkMessageEnumerator(writer.Written);
        Assert.True(message.MoveNext());
        var header = message.Current.ReadStruct<TcMessage>();
        Assert.Equal((0u, 0xFFFF_FFF2u, 10u << 16), (header.Handle, header.Parent, header.Info));
    }
}
