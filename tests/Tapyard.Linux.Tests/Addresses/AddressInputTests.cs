using System.Net.Sockets;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tests.Addresses;

/// <summary>User-supplied address text and families fail as TapyardLinuxException subtypes, like every other input.</summary>
public sealed class AddressInputTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1/")]
    [InlineData("10.0.0.1/x")]
    [InlineData("nonsense/24")]
    [InlineData("")]
    public void Text_that_is_not_an_address_with_a_prefix_is_an_invalid_address(string text)
    {
        var e = Assert.Throws<InvalidAddressException>(() => AddressSpec.Parse(text));

        Assert.Equal($"invalid address '{text}': it is not an address with a prefix length such as 10.0.0.1/24 or fd00::1/64", e.Message);
        Assert.Equal(LinuxErrno.EINVAL, e.Errno);
    }

    [Fact]
    public void A_family_other_than_ipv4_and_ipv6_is_refused_as_unsupported()
    {
        var e = Assert.Throws<UnsupportedAddressFamilyException>(() => InetFamily.Of(AddressFamily.AppleTalk));

        Assert.Equal("address family AppleTalk is neither IPv4 nor IPv6; use an IPv4 or IPv6 address", e.Message);
        Assert.Equal(LinuxErrno.EAFNOSUPPORT, e.Errno);
        Assert.Equal(InetFamily.Inet6, InetFamily.Of(AddressFamily.InterNetworkV6));
    }
}
