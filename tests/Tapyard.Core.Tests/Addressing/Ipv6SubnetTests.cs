using System.Net;
using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Tests.Addressing;

public sealed class Ipv6SubnetTests
{
    [Fact]
    public void Parses_and_prints_canonically()
    {
        var subnet = Ipv6Subnet.Parse("2001:0DB8:0001:0000::/64");
        Assert.Equal("2001:db8:1::/64", subnet.ToString());
        Assert.Equal(64, subnet.PrefixLength);
        Assert.Equal(IPAddress.Parse("2001:db8:1::"), subnet.Network);
    }

    [Fact]
    public void Contains_addresses_of_its_prefix_only()
    {
        var subnet = Ipv6Subnet.Parse("2001:db8:1::/64");
        Assert.True(subnet.Contains(Ipv6Address.Parse("2001:db8:1::1")));
        Assert.True(subnet.Contains(Ipv6Address.Parse("2001:db8:1:0:ffff:ffff:ffff:ffff")));
        Assert.False(subnet.Contains(Ipv6Address.Parse("2001:db8:2::1")));
        Assert.False(subnet.Contains(IPAddress.Parse("192.0.2.1")));
        subnet.CheckContains(Ipv6Address.Parse("2001:db8:1::1"));
        var error = Assert.Throws<TapyardException>(() => subnet.CheckContains(Ipv6Address.Parse("2001:db8:2::1")));
        Assert.Equal("2001:db8:1::/64 does not contain the IPv6 gateway 2001:db8:2::1; use an address inside the IPv6 network", error.Message);
    }

    [Theory]
    [InlineData("2001:db8::1/64", "2001:db8::1/64 has host bits set; did you mean 2001:db8::/64?")]
    [InlineData("2001:db8::/129", "'129' is not a valid IPv6 prefix length; use 0..128, e.g. 2001:db8::/64")]
    [InlineData("2001:db8::/x", "'x' is not a valid IPv6 prefix length; use 0..128, e.g. 2001:db8::/64")]
    [InlineData("2001:db8::", "'2001:db8::' has no prefix length; give the IPv6 network in CIDR form, e.g. 2001:db8::/64")]
    [InlineData("192.0.2.0/24", "'192.0.2.0/24' is an IPv4 network; give it with --network, and an IPv6 network with --network6")]
    [InlineData("2001:db8:::/64", "'2001:db8:::' in '2001:db8:::/64' is not a valid IPv6 address; write it e.g. as 2001:db8::/64")]
    [InlineData("fe80::%eth0/64", "'fe80::%eth0' in 'fe80::%eth0/64' is not a valid IPv6 address; write it e.g. as 2001:db8::/64")]
    [InlineData(" ", "the IPv6 network is empty; give it in CIDR form, e.g. 2001:db8::/64")]
    public void Bad_networks_are_refused_with_the_fix(string cidr, string message)
    {
        var error = Assert.Throws<TapyardException>(() => Ipv6Subnet.Parse(cidr));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("::/0")]
    [InlineData("2001:db8::1/128")]
    [InlineData("fd00::/8")]
    public void Edge_prefixes_parse(string cidr) => Assert.Equal(cidr, Ipv6Subnet.Parse(cidr).ToString());

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("notanip")]
    [InlineData("fe80::1%2")]
    [InlineData("")]
    public void Bad_gateways_are_refused(string text)
    {
        var error = Assert.Throws<TapyardException>(() => Ipv6Address.Parse(text, "IPv6 gateway"));
        Assert.Equal($"'{text}' is not a valid IPv6 gateway; write it e.g. as 2001:db8::1", error.Message);
    }
}
