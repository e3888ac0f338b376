using System.Net;
using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Tests.Addressing;

public sealed class Ipv4SubnetTests
{
    [Fact]
    public void Parses_a_28()
    {
        var subnet = Ipv4Subnet.Parse("192.0.2.0/28");
        Assert.Equal(0xC0000200u, subnet.NetworkAddress);
        Assert.Equal(28, subnet.PrefixLength);
        Assert.Equal(16, subnet.Size);
        Assert.Equal(IPAddress.Parse("192.0.2.0"), subnet.Network);
        Assert.Equal(IPAddress.Parse("192.0.2.15"), subnet.Broadcast);
        Assert.Equal("192.0.2.0/28", subnet.ToString());
    }

    [Theory]
    [InlineData("192.0.2.0/30", 4, "192.0.2.3")]
    [InlineData("10.0.0.0/8", 16_777_216, "10.255.255.255")]
    [InlineData("10.20.0.0/16", 65_536, "10.20.255.255")]
    [InlineData("0.0.0.0/0", 4_294_967_296, "255.255.255.255")]
    [InlineData("192.0.2.7/32", 1, "192.0.2.7")]
    public void Size_and_broadcast(string cidr, long size, string broadcast)
    {
        var subnet = Ipv4Subnet.Parse(cidr);
        Assert.Equal(size, subnet.Size);
        Assert.Equal(IPAddress.Parse(broadcast), subnet.Broadcast);
        Assert.Equal(cidr, subnet.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/33", "'33' is not a valid netmask; use a prefix length 0..32, e.g. 10.0.0.0/24")]
    [InlineData("10.0.0.0/-1", "'-1' is not a valid netmask; use a prefix length 0..32, e.g. 10.0.0.0/24")]
    [InlineData("10.0.0.0/", "'' is not a valid netmask; use a prefix length 0..32, e.g. 10.0.0.0/24")]
    [InlineData("10.0.0.0/255.255.255.0", "'255.255.255.0' is not a valid netmask; use a prefix length 0..32, e.g. 10.0.0.0/24")]
    [InlineData("10.4.0.1/24", "10.4.0.1/24 has host bits set; did you mean 10.4.0.0/24?")]
    [InlineData("10.0.0.0", "'10.0.0.0' has no prefix length; give the network in CIDR form, e.g. 10.0.0.0/24")]
    [InlineData("10.0.0/24", "'10.0.0' in '10.0.0/24' is not a valid IPv4 address; write four decimal octets, e.g. 192.0.2.0/24")]
    [InlineData("10.0.0.256/24", "'10.0.0.256' in '10.0.0.256/24' is not a valid IPv4 address; write four decimal octets, e.g. 192.0.2.0/24")]
    [InlineData("010.0.0.0/8", "'010.0.0.0' in '010.0.0.0/8' is not a valid IPv4 address; write four decimal octets, e.g. 192.0.2.0/24")]
    [InlineData("2001:db8::/64", "'2001:db8::/64' is an IPv6 network; give it with --network6, and an IPv4 network with --network")]
    [InlineData("", "the network is empty; give it in CIDR form, e.g. 192.0.2.0/24")]
    public void Bad_networks_are_refused_with_the_fix(string cidr, string message)
    {
        var error = Assert.Throws<TapyardException>(() => Ipv4Subnet.Parse(cidr));
        Assert.Equal(message, error.Message);
        Assert.False(Ipv4Subnet.TryParse(cidr, out _, out string? problem));
        Assert.Equal(message, problem);
    }

    [Theory]
    [InlineData("10.60.0.0/31", "network n (10.60.0.0/31) has only 2 address(es), too small; specify at least a /30 network")]
    [InlineData("10.60.0.1/32", "network n (10.60.0.1/32) has only 1 address(es), too small; specify at least a /30 network")]
    [InlineData("10.0.0.0/7", "network n (10.0.0.0/7) has 33554432 addresses, too big; specify at most a /8 network")]
    [InlineData("0.0.0.0/0", "network n (0.0.0.0/0) has 4294967296 addresses, too big; specify at most a /8 network")]
    public void Pool_size_limits_are_separate_from_parsing(string cidr, string message) =>
        Assert.Equal(message, Ipv4Subnet.Parse(cidr).PoolSizeProblem("n"));

    [Theory]
    [InlineData("192.0.2.0/30")]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.20.0.0/16")]
    public void Pool_sizes_from_30_to_8_are_fine(string cidr) => Assert.Null(Ipv4Subnet.Parse(cidr).PoolSizeProblem("n"));

    [Fact]
    public void Contains_the_range_and_nothing_else()
    {
        var subnet = Ipv4Subnet.Parse("192.0.2.0/28");
        Assert.True(subnet.Contains(IPAddress.Parse("192.0.2.0")));
        Assert.True(subnet.Contains(IPAddress.Parse("192.0.2.15")));
        Assert.False(subnet.Contains(IPAddress.Parse("192.0.2.16")));
        Assert.False(subnet.Contains(IPAddress.Parse("192.0.1.255")));
        Assert.False(subnet.Contains(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.True(Ipv4Subnet.Parse("0.0.0.0/0").Contains(IPAddress.Parse("203.0.113.9")));
    }

    [Theory]
    [InlineData("192.0.2.0/28")]
    [InlineData("192.0.2.0/30")]
    [InlineData("10.20.0.0/16")]
    public void Index_and_address_round_trip(string cidr)
    {
        var subnet = Ipv4Subnet.Parse(cidr);
        int step = (int)Math.Max(1, subnet.Size / 512);
        for (int index = 0; index < subnet.Size; index += step)
        {
            Assert.Equal(index, subnet.IndexOf(subnet.AddressAt(index)));
            Assert.Equal(index, subnet.IndexOf(subnet.AddressAt(index).ToString()));
        }
        Assert.Equal((int)subnet.Size - 1, subnet.IndexOf(subnet.Broadcast));
        Assert.Equal(0, subnet.IndexOf(subnet.Network));
    }

    [Fact]
    public void Indexes_of_a_8_reach_the_last_address()
    {
        var subnet = Ipv4Subnet.Parse("10.0.0.0/8");
        Assert.Equal(IPAddress.Parse("10.255.255.255"), subnet.AddressAt(16_777_215));
        Assert.Equal(16_777_215, subnet.IndexOf(IPAddress.Parse("10.255.255.255")));
        Assert.Equal(65_538, subnet.IndexOf("10.1.0.2"));
    }

    [Fact]
    public void An_address_outside_is_refused_naming_the_range()
    {
        var subnet = Ipv4Subnet.Parse("10.1.0.0/24");
        var error = Assert.Throws<TapyardException>(() => subnet.IndexOf(IPAddress.Parse("10.2.0.1")));
        Assert.Equal("10.1.0.0/24 does not contain 10.2.0.1; use an address from 10.1.0.0 to 10.1.0.255", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => subnet.AddressAt(256));
        Assert.Throws<ArgumentOutOfRangeException>(() => subnet.AddressAt(-1));
    }

    [Theory]
    [InlineData("notanip")]
    [InlineData("10.1")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("10.0.0.1.")]
    [InlineData("10.0.0.1.5")]
    [InlineData(" 10.0.0.1")]
    [InlineData("::1")]
    public void Strict_address_parsing(string text)
    {
        Assert.False(Ipv4Address.TryParse(text, out _));
        var error = Assert.Throws<TapyardException>(() => Ipv4Address.Parse(text, "gateway"));
        Assert.Equal($"'{text}' is not a valid IPv4 gateway; write four decimal octets, e.g. 192.0.2.1", error.Message);
    }

    [Fact]
    public void Address_values_round_trip()
    {
        Assert.Equal(0xC0000201u, Ipv4Address.ParseValue("192.0.2.1"));
        Assert.Equal("192.0.2.1", Ipv4Address.Format(0xC0000201u));
        Assert.Equal(IPAddress.Parse("0.0.0.0"), Ipv4Address.Parse("0.0.0.0"));
        Assert.Equal(0xFFFFFFFFu, Ipv4Address.ToValue(Ipv4Address.FromValue(0xFFFFFFFFu)));
    }
}
