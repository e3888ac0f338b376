using System.Buffers.Binary;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Netlink;

using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Netlink;

/// <summary>
/// NLMSG_ERROR and NLMSG_DONE replies captured from the kernel, decoded the way NetlinkSocket
/// does: errno from struct nlmsgerr, then the extended-ACK text (NLMSGERR_ATTR_MSG) with
/// ReadExtendedAck. iproute2 does not set NETLINK_CAP_ACK, so its errors echo the whole request;
/// Tapyard's socket does, so one capture below comes from a socket set up like NetlinkSocket.
/// </summary>
public sealed class NetlinkErrorGoldenTests
{
    [Fact]
    public void Unknown_link_kind_gives_eopnotsupp_and_the_kernels_text()
    {
        // ip link add x type nosuchkind
        const string reply = "6800000002000002d6fb006b8f190000a1ffffff3c00000010000506d6fb006b00000000000000000000000000000000000000000600030078000000140012000e0001006e6f737563686b696e64000018000100556e6b6e6f776e20646576696365207479706500";
        var message = Golden.FirstMessage(Golden.Bytes(reply));
        Assert.Equal(NetlinkMessageType.Error, message.Type);
        Assert.Equal(NetlinkFlags.AckTlvs, message.Flags); // not capped: the 60-byte request is echoed
        Assert.Equal(LinuxErrno.EOPNOTSUPP, Errno(message));
        Assert.Equal("Unknown device type", NetlinkSocket.ReadExtendedAck(message));
    }

    [Fact]
    public void Duplicate_address_gives_eexist_and_echoes_the_request()
    {
        // ip addr add 10.0.0.1/24 dev up0   (a second time)
        const string reply = "6000000002000002d6fb006b5b190000efffffff2800000014000506d6fb006b000000000218000003000000080002000a000001080001000a00000123000100697076343a204164647265737320616c72656164792061737369676e65640000";
        var message = Golden.FirstMessage(Golden.Bytes(reply));
        Assert.Equal(LinuxErrno.EEXIST, Errno(message));
        Assert.Equal("ipv4: Address already assigned", NetlinkSocket.ReadExtendedAck(message));

        // The echoed request is the one AddressRequests encodes for the same command.
        var writer = new NetlinkMessageWriter();
        AddressRequests.Add(writer, 3, AddressSpec.Parse("10.0.0.1/24"));
        string echoed = Convert.ToHexStringLower(message.Payload.Slice(4, 40));
        Assert.Equal(Golden.Normalised(echoed), Golden.AsExecuted(writer));
    }

    [Fact]
    public void Capped_error_as_tapyards_socket_receives_it()
    {
        // The same duplicate `ip addr add 10.0.0.1/24 dev up0`, sent twice from a python socket with
        // NETLINK_EXT_ACK and NETLINK_CAP_ACK set (as NetlinkSocket.OpenRoute sets them), in a
        // throwaway namespace: only the request's 16-byte header is echoed (NLM_F_CAPPED).
        const string reply = "480000000200000301000000ab220000efffffff2800000014000506010000000000000023000100697076343a204164647265737320616c72656164792061737369676e65640000";
        var message = Golden.FirstMessage(Golden.Bytes(reply));
        Assert.Equal(NetlinkFlags.AckCapped | NetlinkFlags.AckTlvs, message.Flags);
        Assert.Equal(LinuxErrno.EEXIST, Errno(message));
        Assert.Equal("ipv4: Address already assigned", NetlinkSocket.ReadExtendedAck(message));
    }

    [Fact]
    public void Unreachable_gateway_gives_enetunreach_and_the_kernels_text()
    {
        // ip route add 10.7.0.0/16 via 172.16.0.1 table 100
        const string reply = "6000000002000002d6fb006b7f1900009bffffff2c00000018000506d6fb006b00000000021000006403000100000000080001000a07000008000500ac100001200001004e657874686f702068617320696e76616c6964206761746577617900";
        var message = Golden.FirstMessage(Golden.Bytes(reply));
        Assert.Equal(101, Errno(message)); // ENETUNREACH
        Assert.Equal("Nexthop has invalid gateway", NetlinkSocket.ReadExtendedAck(message));
    }

    [Fact]
    public void Missing_address_on_delete_gives_eaddrnotavail()
    {
        // ip addr del 10.0.0.1/24 dev up0   (not there)
        const string reply = "5800000002000002d6fb006b671900009dffffff2800000015000500d6fb006b000000000218000003000000080002000a000001080001000a0000011c000100697076343a2041646472657373206e6f7420666f756e6400";
        var message = Golden.FirstMessage(Golden.Bytes(reply));
        Assert.Equal(LinuxErrno.EADDRNOTAVAIL, Errno(message));
        Assert.Equal("ipv4: Address not found", NetlinkSocket.ReadExtendedAck(message));
    }

    [Fact]
    public void Errors_without_tlvs_have_no_text()
    {
        // ip link add up0 type veth peer name zz0   (up0 exists): EEXIST, no NLM_F_ACK_TLVS
        const string duplicateLink = "6800000002000000d6fb006b93190000efffffff5400000010000506d6fb006b000000000000000000000000000000000000000008000300757030002c0012000800010076657468200002001c00010000000000000000000000000000000000080003007a7a3000";
        // ip route del 10.0.0.5/32 dev up0 table 100   (not there): ESRCH
        const string missingRoute = "4000000002000000d6fb006b8b190000fdffffff2c00000019000500d6fb006b00000000022000006400ff0000000000080001000a0000050800040003000000";
        var link = Golden.FirstMessage(Golden.Bytes(duplicateLink));
        Assert.Equal(LinuxErrno.EEXIST, Errno(link));
        Assert.Null(NetlinkSocket.ReadExtendedAck(link));
        var route = Golden.FirstMessage(Golden.Bytes(missingRoute));
        Assert.Equal(LinuxErrno.ESRCH, Errno(route));
        Assert.Null(NetlinkSocket.ReadExtendedAck(route));
    }

    [Fact]
    public void Success_ack_has_errno_zero()
    {
        // ip addr add 10.0.0.1/24 dev up0: the kernel caps successful ACKs to the echoed header.
        const string reply = "2400000002000001d6fb006b4f190000000000002800000014000506d6fb006b00000000";
        var message = Golden.FirstMessage(Golden.Bytes(reply));
        Assert.Equal(NetlinkFlags.AckCapped, message.Flags);
        Assert.Equal(0, Errno(message));
        Assert.Null(NetlinkSocket.ReadExtendedAck(message));
    }

    [Fact]
    public void Failed_dump_ends_in_done_with_errno_and_text()
    {
        // ip -4 route show table 4242   (no such table): NLMSG_DONE carries -ENOENT then the TLVs,
        // with no echoed header, hence afterErrnoOnly.
        const string reply = "3800000003002202e1fb006b0f1b0000feffffff23000100697076343a20464942207461626c6520646f6573206e6f742065786973740000";
        var message = Golden.FirstMessage(Golden.Bytes(reply));
        Assert.Equal(NetlinkMessageType.Done, message.Type);
        Assert.NotEqual(0, message.Flags & NetlinkFlags.Multi);
        Assert.Equal(LinuxErrno.ENOENT, Errno(message));
        Assert.Equal("ipv4: FIB table does not exist", NetlinkSocket.ReadExtendedAck(message, afterErrnoOnly: true));
    }

    [Fact]
    public void Netlink_exception_names_the_operation_errno_and_kernel_text()
    {
        var e = new NetlinkException("adding address 10.0.0.1/24 to device up0", LinuxErrno.EEXIST, "ipv4: Address already assigned");
        Assert.Equal(LinuxErrno.EEXIST, e.Errno);
        Assert.Equal("ipv4: Address already assigned", e.ExtendedAck);
        Assert.StartsWith("adding address 10.0.0.1/24 to device up0: ", e.Message);
        Assert.EndsWith("(kernel: ipv4: Address already assigned)", e.Message);
    }

    /// <summary>struct nlmsgerr (and a failed dump's DONE) starts with the negated errno, as NetlinkSocket reads it.</summary>
    private static int Errno(NetlinkMessage message) => -BinaryPrimitives.ReadInt32LittleEndian(message.Payload);
}
