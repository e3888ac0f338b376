using System.Net;
using System.Net.Sockets;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tests.Addresses;

/// <summary>Addresses on a veth in a throwaway namespace, each result read back by `ip -j addr show`.</summary>
[Trait("Category", "Kernel")]
public sealed class AddressKernelTests : IDisposable
{
    private readonly VethNamespace _ns = VethNamespace.Create("addr");

    private AddressOperations Addresses => _ns.Netlink.Addresses;

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void Ipv4_with_label_and_broadcast_as_iproute2_sees_it()
    {
        Addresses.Add("up0", AddressSpec.Parse("10.0.0.1/24").WithStandardBroadcast() with { Label = "up0:1" });

        var entry = Assert.Single(_ns.IpAddresses("up0", "-4"));
        Assert.Equal("10.0.0.1", entry.GetProperty("local").GetString());
        Assert.Equal(24, entry.GetProperty("prefixlen").GetInt32());
        Assert.Equal("10.0.0.255", entry.GetProperty("broadcast").GetString());
        Assert.Equal("up0:1", entry.GetProperty("label").GetString());
        Assert.Equal("global", entry.GetProperty("scope").GetString());
    }

    [Fact]
    public void Ipv6_with_nodad_is_usable_at_once()
    {
        Addresses.Add(_ns.Up0.Index, AddressSpec.Parse("fd00::1/64") with { NoDad = true });

        var entry = Assert.Single(_ns.IpAddresses("up0", "-6"), a => a.GetProperty("local").GetString() == "fd00::1");
        Assert.Equal(64, entry.GetProperty("prefixlen").GetInt32());
        Assert.True(entry.GetProperty("nodad").GetBoolean());
        Assert.False(entry.TryGetProperty("tentative", out _));

        var listed = Assert.Single(Addresses.List("up0", AddressFamily.InterNetworkV6), a => a.Address.Equals(IPAddress.Parse("fd00::1")));
        Assert.True((listed.Flags & AddressFlags.NoDad) != 0);
        Assert.False(listed.IsTentative);
    }

    [Fact]
    public void List_filters_by_device_and_family()
    {
        Addresses.Add("up0", AddressSpec.Parse("10.0.0.1/24"));
        Addresses.Add("up0", AddressSpec.Parse("fd00::1/64") with { NoDad = true });
        Addresses.Add("up0p", AddressSpec.Parse("10.1.0.1/24"));

        var up0v4 = Addresses.List("up0", AddressFamily.InterNetwork);
        Assert.Equal(["10.0.0.1/24"], up0v4.Select(a => a.ToString()));
        Assert.Equal(_ns.Up0.Index, up0v4[0].DeviceIndex);
        Assert.Equal("up0", up0v4[0].Label);

        var up0v6 = Addresses.List(new AddressFilter { DeviceIndex = _ns.Up0.Index, Family = AddressFamily.InterNetworkV6 });
        Assert.Contains(up0v6, a => a.ToString() == "fd00::1/64");
        Assert.All(up0v6, a => Assert.Equal(AddressFamily.InterNetworkV6, a.Family));
        Assert.All(up0v6, a => Assert.Equal(_ns.Up0.Index, a.DeviceIndex));

        var allV4 = Addresses.List(new AddressFilter { Family = AddressFamily.InterNetwork }).Select(a => a.ToString()).ToList();
        Assert.Contains("10.0.0.1/24", allV4);
        Assert.Contains("10.1.0.1/24", allV4);

        // What iproute2 reports for up0 is what Tapyard lists, family by family.
        var ipUp0 = _ns.IpAddresses("up0").Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").Order();
        var ours = Addresses.List("up0").Select(a => a.ToString()).Order();
        Assert.Equal(ipUp0, ours);
    }

    [Fact]
    public void Delete_removes_the_address_and_a_second_delete_says_it_is_not_there()
    {
        var spec = AddressSpec.Parse("10.0.0.1/24");
        Addresses.Add("up0", spec);
        Addresses.Delete("up0", spec);
        Assert.Empty(_ns.IpAddresses("up0", "-4"));

        var e = Assert.Throws<AddressNotFoundException>(() => Addresses.Delete("up0", spec));
        Assert.Equal("address 10.0.0.1/24 is not on device up0; nothing to delete", e.Message);
        Assert.Equal(LinuxErrno.EADDRNOTAVAIL, e.Errno);
    }

    [Fact]
    public void Delete_ipv6()
    {
        Addresses.Add("up0", AddressSpec.Parse("fd00::1/64") with { NoDad = true });
        Addresses.Delete("up0", AddressSpec.Parse("fd00::1/64"));
        Assert.DoesNotContain(_ns.IpAddresses("up0", "-6"), a => a.GetProperty("local").GetString() == "fd00::1");
        Assert.Throws<AddressNotFoundException>(() => Addresses.Delete("up0", AddressSpec.Parse("fd00::1/64")));
    }

    [Theory]
    [InlineData("10.0.0.1/24")]
    [InlineData("fd00::1/64")]
    public void Duplicate_address_is_a_typed_error_naming_address_and_device(string address)
    {
        Addresses.Add("up0", AddressSpec.Parse(address));
        var e = Assert.Throws<AddressExistsException>(() => Addresses.Add("up0", AddressSpec.Parse(address)));
        Assert.Equal($"address {address} already exists on device up0; delete it first or replace it", e.Message);
        Assert.Equal(LinuxErrno.EEXIST, e.Errno);
    }

    [Fact]
    public void Replace_adds_a_new_address_and_accepts_an_existing_one()
    {
        // `ip addr replace`: no EEXIST for an address the device has. (For IPv4 the kernel then only
        // refreshes flags and lifetimes; it keeps the broadcast, as iproute2 shows too.)
        Addresses.Replace("up0", AddressSpec.Parse("10.0.0.1/24"));
        Addresses.Replace("up0", AddressSpec.Parse("10.0.0.1/24"));
        var entry = Assert.Single(_ns.IpAddresses("up0", "-4"));
        Assert.Equal("10.0.0.1", entry.GetProperty("local").GetString());
    }

    [Fact]
    public void Address_on_a_missing_device_is_a_typed_error()
    {
        var byName = Assert.Throws<LinkNotFoundException>(() => Addresses.Add("nosuch0", AddressSpec.Parse("10.0.0.1/24")));
        Assert.Equal("device nosuch0 (needed for address 10.0.0.1/24) does not exist", byName.Message);

        // By index the kernel is the one to notice (ENODEV).
        var byIndex = Assert.Throws<LinkNotFoundException>(() => Addresses.Add(987654, AddressSpec.Parse("10.0.0.1/24")));
        Assert.Equal("device with index 987654 (needed for address 10.0.0.1/24) does not exist", byIndex.Message);
        Assert.Equal(LinuxErrno.ENODEV, byIndex.Errno);
    }

    [Fact]
    public void Invalid_specs_are_refused_before_any_syscall()
    {
        Assert.Throws<InvalidAddressException>(() => Addresses.Add("up0", new AddressSpec { Address = IPAddress.Parse("10.0.0.1"), PrefixLength = 33 }));
        Assert.Throws<InvalidAddressException>(() => Addresses.Add("up0", AddressSpec.Parse("fd00::1/64") with { Label = "up0:1" }));
        Assert.Throws<InvalidAddressException>(() => Addresses.Add("up0", AddressSpec.Parse("10.0.0.1/24") with { NoDad = true }));
        var e = Assert.Throws<InvalidAddressException>(() => Addresses.Add("up0", AddressSpec.Parse("10.0.0.1/24") with { Label = "a-label-that-is-too-long" }));
        Assert.Contains("1..15 bytes", e.Message);
        Assert.Empty(_ns.IpAddresses("up0", "-4"));
    }

    /// <summary>
    /// EACCES from an address add is not a missing capability: the kernel says "IPv6 is disabled on
    /// this device". The error keeps its type and the kernel's words instead of "run as root".
    /// </summary>
    [Fact]
    public void Ipv6_disabled_on_the_device_reports_the_kernels_reason()
    {
        _ns.Namespace.Run(() => File.WriteAllText("/proc/sys/net/ipv6/conf/up0/disable_ipv6", "1"));

        var e = Assert.Throws<NetlinkException>(() => Addresses.Add("up0", AddressSpec.Parse("fd00::1/64") with { NoDad = true }));

        Assert.Equal(LinuxErrno.EACCES, e.Errno);
        Assert.Contains("IPv6 is disabled on this device", e.ExtendedAck);
        Assert.StartsWith("adding address fd00::1/64 to device up0: Permission denied (kernel: ", e.Message);
        Assert.DoesNotContain("run as root", e.Message);
        Assert.Empty(_ns.IpAddresses("up0", "-6"));
    }
}
