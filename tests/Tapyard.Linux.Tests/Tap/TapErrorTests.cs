using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

/// <summary>Every failure is a typed exception whose message names the device (and its namespace).</summary>
[Trait("Category", "Kernel")]
public sealed class TapErrorTests
{
    [Fact]
    public void Queues_on_a_missing_device_name_it_and_its_namespace()
    {
        using var lab = MacvtapLab.Create("errmiss");
        var error = Assert.Throws<LinkNotFoundException>(() => MacvtapQueues.Open(lab.Namespace.Namespace, "nosuch0", options: lab.Options));
        Assert.Contains("nosuch0", error.Message);
        Assert.Contains(lab.Namespace.Name, error.Message);
        Assert.Equal(LinuxErrno.ENODEV, error.Errno);
    }

    [Fact]
    public void Queues_on_a_device_that_is_not_a_macvtap_say_so()
    {
        using var lab = MacvtapLab.Create("errkind");
        var error = Assert.Throws<DeviceKindMismatchException>(() => MacvtapQueues.Open(lab.Namespace.Namespace, MacvtapLab.Lower, options: lab.Options));
        Assert.Contains(MacvtapLab.Lower, error.Message);
        Assert.Contains("not a macvtap", error.Message);
        Assert.Equal(MacvtapLab.Lower, error.Device);
    }

    [Fact]
    public void The_macvtap_of_another_namespace_is_not_found()
    {
        using var lab = MacvtapLab.Create("errns");
        using var other = TestNamespace.Create("errns2");
        Assert.Throws<LinkNotFoundException>(() => MacvtapQueues.Open(other.Namespace, MacvtapLab.Macvtap, options: lab.Options));
    }

    [Fact]
    public void Invalid_names_and_options_are_rejected_before_any_syscall()
    {
        using var ns = TestNamespace.Create("errarg");
        Assert.Throws<InvalidLinkNameException>(() => MacvtapQueues.Open(ns.Namespace, "../../etc"));
        Assert.Throws<InvalidLinkNameException>(() => MacvtapQueues.Open(ns.Namespace, "a-name-far-too-long"));
        Assert.Throws<InvalidLinkNameException>(() => TapDevices.Attach(ns.Namespace, "x/y"));
        Assert.Throws<ArgumentOutOfRangeException>(() => MacvtapQueues.Open(ns.Namespace, "vtap0", queues: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MacvtapQueues.Open(ns.Namespace, "vtap0", options: new TapQueueOptions { VnetHeaderSize = 8 }));
        Assert.Throws<ArgumentException>(() => MacvtapQueues.Open(ns.Namespace, "vtap0", queues: 2, options: new TapQueueOptions { MultiQueue = false }));
        Assert.Throws<ArgumentException>(() => TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "t0", Queues = 2, Options = new TapQueueOptions { MultiQueue = false } }));
    }

    [Fact]
    public void Attaching_to_a_missing_tap_fails_and_creates_nothing()
    {
        using var ns = TestNamespace.Create("errattach");
        var error = Assert.Throws<LinkNotFoundException>(() => TapDevices.Attach(ns.Namespace, "gone0"));
        Assert.Contains("gone0", error.Message);
        Assert.False(Ip.LinkExists(ns.Name, "gone0"));
    }

    [Fact]
    public void Attaching_to_a_veth_or_with_the_wrong_queue_mode_is_refused()
    {
        using var lab = MacvtapLab.Create("errattach2");
        var ns = lab.Namespace.Namespace;
        var kind = Assert.Throws<DeviceKindMismatchException>(() => TapDevices.Attach(ns, MacvtapLab.Lower));
        Assert.Contains("not a tap device", kind.Message);

        using var single = TapDevices.Create(ns, new TapDeviceSpec { Name = "sq0", Persistent = true, Options = new TapQueueOptions { MultiQueue = false } });
        var mode = Assert.Throws<TapyardLinuxException>(() => TapDevices.Attach(ns, "sq0"));
        Assert.Contains("sq0", mode.Message);
        Assert.Contains("MultiQueue", mode.Message);
    }

    [Fact]
    public void Creating_a_tap_over_an_existing_device_fails()
    {
        using var lab = MacvtapLab.Create("errexists");
        var error = Assert.Throws<LinkExistsException>(() => TapDevices.Create(lab.Namespace.Namespace, new TapDeviceSpec { Name = MacvtapLab.Lower }));
        Assert.Contains(MacvtapLab.Lower, error.Message);
    }

    [Fact]
    public void A_tap_with_a_taken_ifindex_fails_and_leaves_nothing_behind()
    {
        using var lab = MacvtapLab.Create("errindex");
        var ns = lab.Namespace.Namespace;
        int taken = lab.MacvtapInfo.Index;
        var error = Assert.ThrowsAny<TapyardLinuxException>(() => TapDevices.Create(ns, new TapDeviceSpec { Name = "idx0", Index = taken, Persistent = true }));
        Assert.Contains("idx0", error.Message);
        Assert.Contains($"ifindex {taken} is already in use", error.Message);
        Assert.False(Ip.LinkExists(lab.Namespace.Name, "idx0"));
    }

    [Fact]
    public void A_tap_made_by_someone_else_under_the_name_between_check_and_create_is_refused_and_left_alone()
    {
        using var ns = TestNamespace.Create("errrace");
        // As if another program won the race: a persistent tap of that name, with the very flags
        // Create asks for, so that TUNSETIFF without IFF_TUN_EXCL would attach to it.
        Ip.Run("-n", ns.Name, "tuntap", "add", "dev", "race0", "mode", "tap", "multi_queue", "vnet_hdr");

        var error = Assert.Throws<LinkExistsException>(() => TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "race0", Queues = 2 }));
        Assert.Contains("race0", error.Message);
        Assert.Equal(LinuxErrno.EBUSY, error.Errno);

        var data = Ip.Link(ns.Name, "race0").Get("linkinfo", "info_data")!.Value;
        Assert.True(data.GetProperty("persist").GetBoolean(), "the other owner's tap is no longer persistent");
        Assert.Equal(0, data.GetProperty("numqueues").GetInt32());
    }

    [Fact]
    public void An_invalid_ifindex_for_a_tap_is_a_tapyard_error()
    {
        using var ns = TestNamespace.Create("errbadidx");
        foreach (int index in new[] { 0, -3 })
        {
            var error = Assert.Throws<TapyardLinuxException>(() => TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "bad0", Index = index }));
            Assert.Contains($"ifindex {index}", error.Message);
            Assert.Equal(LinuxErrno.EINVAL, error.Errno);
        }
        Assert.False(Ip.LinkExists(ns.Name, "bad0"));
    }
}
