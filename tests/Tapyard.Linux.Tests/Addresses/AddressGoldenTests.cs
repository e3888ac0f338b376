using System.Net;
using System.Net.Sockets;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Netlink;
using Tapyard.Linux.Tests.Netlink;

using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Addresses;

/// <summary>
/// AddressRequests and AddressMessageParser against what iproute2 6.1 sent and the kernel 6.18
/// answered (captured with strace as described on <see cref="Golden"/>; up0 had ifindex 3).
/// </summary>
public sealed class AddressGoldenTests
{
    private readonly NetlinkMessageWriter _writer = new();

    [Fact]
    public void Add_ipv4()
    {
        // ip addr add 10.0.0.1/24 dev up0
        const string iproute2 = "2800000014000506d6fb006b000000000218000003000000080002000a000001080001000a000001";
        AddressRequests.Add(_writer, 3, AddressSpec.Parse("10.0.0.1/24"));
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Add_ipv4_with_broadcast()
    {
        // ip addr add 10.0.1.1/24 brd + dev up0
        const string iproute2 = "3000000014000506b4fb006b000000000218000003000000080002000a000101080001000a000101080004000a0001ff";
        AddressRequests.Add(_writer, 3, AddressSpec.Parse("10.0.1.1/24").WithStandardBroadcast());
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Add_ipv4_with_label_and_broadcast()
    {
        // ip addr add 10.0.2.1/24 label up0:1 brd + dev up0
        const string iproute2 = "3c00000014000506d6fb006b000000000218000003000000080002000a0002010a0003007570303a31000000080001000a000201080004000a0002ff";
        AddressRequests.Add(_writer, 3, AddressSpec.Parse("10.0.2.1/24").WithStandardBroadcast() with { Label = "up0:1" });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Add_ipv6_without_duplicate_address_detection()
    {
        // ip addr add fd00::1/64 dev up0 nodad   (IFA_F_NODAD fits ifa_flags, so no IFA_FLAGS attribute)
        const string iproute2 = "4000000014000506d6fb006b000000000a4002000300000014000200fd00000000000000000000000000000114000100fd000000000000000000000000000001";
        AddressRequests.Add(_writer, 3, AddressSpec.Parse("fd00::1/64") with { NoDad = true });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Replace_differs_from_add_only_in_flags()
    {
        // `ip addr replace` sends NLM_F_CREATE|NLM_F_REPLACE (0x0500) where add sends NLM_F_CREATE|NLM_F_EXCL (0x0600).
        const string iproute2Add = "2800000014000506d6fb006b000000000218000003000000080002000a000001080001000a000001";
        AddressRequests.Add(_writer, 3, AddressSpec.Parse("10.0.0.1/24"), replace: true);
        Assert.Equal(Golden.Normalised(iproute2Add).Replace("1400050600000000", "1400050500000000"), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Delete_ipv4()
    {
        // ip addr del 10.0.0.1/24 dev up0
        const string iproute2 = "2800000015000500d6fb006b000000000218000003000000080002000a000001080001000a000001";
        AddressRequests.Delete(_writer, 3, AddressSpec.Parse("10.0.0.1/24"));
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Delete_ipv6()
    {
        // ip addr del fd00::1/64 dev up0   (no nodad: iproute2 sends no flags on delete)
        const string iproute2 = "4000000015000500b5fb006b000000000a4000000300000014000200fd00000000000000000000000000000114000100fd000000000000000000000000000001";
        AddressRequests.Delete(_writer, 3, AddressSpec.Parse("fd00::1/64"));
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Theory]
    // ip -4 addr show dev up0
    [InlineData("1800000016000103e2fb006b0000000002000000030000000000000000000000", AddressFamily.InterNetwork)]
    // ip -6 addr show dev up0
    [InlineData("1800000016000103e2fb006b000000000a000000030000000000000000000000", AddressFamily.InterNetworkV6)]
    public void Dump_filtered_by_device_and_family(string captured, AddressFamily family)
    {
        // iproute2 passed a 152-byte buffer to sendto; the message is the first nlmsg_len (24) bytes.
        string iproute2 = captured[..48];
        AddressRequests.Dump(_writer, new AddressFilter { DeviceIndex = 3, Family = family });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsDumped(_writer));
    }

    [Fact]
    public void Ipv4_dump_entry_decodes()
    {
        // The RTM_NEWADDR for 10.0.0.1/24 in the answer to `ip -4 addr show dev up0`.
        const string reply = "4c00000014002200e2fb006b0b1b00000218800003000000080001000a000001080002000a0000010800030075703000080008008000000014000600fffffffffffffffff7980000f7980000";
        var message = Golden.FirstMessage(Golden.Bytes(reply));
        Assert.Equal(NetlinkMessageType.NewAddress, message.Type);
        var address = AddressMessageParser.Parse(message)!;
        Assert.Equal(AddressFamily.InterNetwork, address.Family);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), address.Address);
        Assert.Equal(24, address.PrefixLength);
        Assert.Equal(3, address.DeviceIndex);
        Assert.Null(address.Peer);
        Assert.Null(address.Broadcast);
        Assert.Equal("up0", address.Label);
        Assert.Equal(AddressScope.Universe, address.Scope);
        Assert.Equal(AddressFlags.Permanent, address.Flags);
        Assert.Equal(uint.MaxValue, address.ValidLifetime);
        Assert.Equal(uint.MaxValue, address.PreferredLifetime);
        Assert.Equal("10.0.0.1/24", address.ToString());
    }

    [Fact]
    public void Ipv6_dump_decodes_global_and_link_local_entries()
    {
        // The answer to `ip -6 addr show dev up0` after `ip addr add fd00::1/64 dev up0 nodad` on an
        // up device: fd00::1/64 (permanent, nodad), the generated fe80::/64 (permanent, tentative,
        // link scope), then NLMSG_DONE. IPv6 entries carry IFA_ADDRESS only, no IFA_LOCAL.
        const string reply = "4800000014002200e2fb006b071b00000a4082000300000014000100fd00000000000000000000000000000114000600fffffffffffffffff9980000f998000008000800820000005000000014002200e2fb006b071b00000a40c0fd0300000014000100fe800000000000006c93e0fffe845fc914000600ffffffffffffffffea980000ea98000008000800c000000005000b00030000001400000003002200e2fb006b071b000000000000";
        var addresses = new List<AddressInfo>();
        foreach (var message in new NetlinkMessageEnumerator(Golden.Bytes(reply)))
        {
            if (message.Type == NetlinkMessageType.NewAddress)
                addresses.Add(AddressMessageParser.Parse(message)!);
        }
        Assert.Equal(2, addresses.Count);

        var global = addresses[0];
        Assert.Equal(IPAddress.Parse("fd00::1"), global.Address);
        Assert.Equal(64, global.PrefixLength);
        Assert.Equal(AddressScope.Universe, global.Scope);
        Assert.Equal(AddressFlags.Permanent | AddressFlags.NoDad, global.Flags);
        Assert.False(global.IsTentative);
        Assert.Null(global.Label);

        var linkLocal = addresses[1];
        Assert.Equal(IPAddress.Parse("fe80::6c93:e0ff:fe84:5fc9"), linkLocal.Address);
        Assert.Equal(AddressScope.Link, linkLocal.Scope);
        Assert.True(linkLocal.IsTentative);
        Assert.All(addresses, a => Assert.Equal(3, a.DeviceIndex));
    }

    [Fact]
    public void Standard_broadcast_is_the_top_of_the_subnet()
    {
        Assert.Equal(IPAddress.Parse("10.0.0.255"), AddressSpec.StandardBroadcast(IPAddress.Parse("10.0.0.1"), 24));
        Assert.Equal(IPAddress.Parse("10.255.255.255"), AddressSpec.StandardBroadcast(IPAddress.Parse("10.1.2.3"), 8));
        Assert.Null(AddressSpec.StandardBroadcast(IPAddress.Parse("10.0.0.1"), 31));
        Assert.Null(AddressSpec.StandardBroadcast(IPAddress.Parse("fd00::1"), 64));
    }
}
