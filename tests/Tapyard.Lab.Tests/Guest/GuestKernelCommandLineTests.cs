using System.Net;
using Tapyard.Core.Errors;
using Tapyard.Lab.Guest;

namespace Tapyard.Lab.Tests.Guest;

public class GuestKernelCommandLineTests
{
    [Fact]
    public void Nics_are_keyed_by_lower_case_mac_with_address_and_prefix()
    {
        string line = GuestKernelCommandLine.Build(
            [new GuestNic("52:54:00:AA:BB:CC", IPAddress.Parse("198.51.100.10"), 24), new GuestNic("52-54-00-00-00-01")],
            IPAddress.Parse("198.51.100.1"), "vm1");

        Assert.Equal(
            "console=ttyS0 quiet panic=-1 tapyard.hostname=vm1 tapyard.gw=198.51.100.1 tapyard.nic=52:54:00:aa:bb:cc,198.51.100.10/24 tapyard.nic=52:54:00:00:00:01",
            line);
    }

    [Fact]
    public void No_nics_gives_the_base_line() =>
        Assert.Equal(GuestKernelCommandLine.Base, GuestKernelCommandLine.Build([]));

    [Theory]
    [InlineData("52:54:00:aa:bb", "not valid")]
    [InlineData("52:54:00:aa:bb:cc x=1", "not valid")]
    [InlineData("zz:54:00:aa:bb:cc", "not valid")]
    public void A_bad_mac_is_refused(string mac, string expected)
    {
        var e = Assert.Throws<TapyardException>(() => GuestKernelCommandLine.Build([new GuestNic(mac)]));
        Assert.Contains(expected, e.Message);
        Assert.Contains("52:54:00:12:34:56", e.Message); // names the fix
    }

    [Fact]
    public void A_mac_given_twice_is_refused()
    {
        var e = Assert.Throws<TapyardException>(() => GuestKernelCommandLine.Build([new GuestNic("52:54:00:aa:bb:cc"), new GuestNic("52:54:00:AA:BB:CC")]));
        Assert.Equal("guest NIC MAC 52:54:00:aa:bb:cc is given twice; every NIC needs its own MAC", e.Message);
    }

    [Fact]
    public void An_ipv6_address_is_refused()
    {
        var e = Assert.Throws<TapyardException>(() => GuestKernelCommandLine.Build([new GuestNic("52:54:00:aa:bb:cc", IPAddress.Parse("2001:db8::1"), 64)]));
        Assert.Contains("is not IPv4", e.Message);
    }

    [Fact]
    public void A_bad_prefix_is_refused()
    {
        var e = Assert.Throws<TapyardException>(() => GuestKernelCommandLine.Build([new GuestNic("52:54:00:aa:bb:cc", IPAddress.Parse("198.51.100.10"), 33)]));
        Assert.Contains("prefix length 33 is not valid", e.Message);
    }

    [Theory]
    [InlineData("vm 1")]
    [InlineData("vm;reboot")]
    [InlineData("")]
    public void A_hostname_with_spaces_or_shell_characters_is_refused(string hostname)
    {
        var e = Assert.Throws<TapyardException>(() => GuestKernelCommandLine.Build([], hostname: hostname));
        Assert.Contains($"guest hostname '{hostname}' is not valid", e.Message);
    }

    [Fact]
    public void An_ipv6_gateway_is_refused() =>
        Assert.Throws<TapyardException>(() => GuestKernelCommandLine.Build([], IPAddress.Parse("2001:db8::1")));
}
