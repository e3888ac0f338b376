using Tapyard.Core.Nics;
using Tapyard.Linux.TrafficControl;
using Tapyard.Node.Bandwidth;

namespace Tapyard.Node.Tests.Bandwidth;

/// <summary>How nicparams become tc rates: libvirt's conversions, so both paths shape alike.</summary>
public sealed class NicBandwidthRateTests
{
    [Fact]
    public void Kilobytes_per_second_are_1000_bytes_and_burst_kilobytes_1024()
    {
        var rate = NicBandwidth.Rate(new BandwidthLimit(1000, 2000, 64))!;
        Assert.Equal(1_000_000, rate.BytesPerSecond);
        Assert.Equal(2_000_000, rate.PeakBytesPerSecond);
        Assert.Equal(64 * 1024, rate.BurstBytes);
    }

    [Fact]
    public void A_missing_burst_is_the_averages_worth_as_in_libvirt()
    {
        var rate = NicBandwidth.Rate(new BandwidthLimit(300))!;
        Assert.Null(rate.PeakBytesPerSecond);
        Assert.Equal(300 * 1024, rate.BurstBytes);
        Assert.Null(NicBandwidth.Rate(null));
    }

    [Fact]
    public void The_ifb_is_named_after_the_device_or_its_ifindex_when_too_long()
    {
        Assert.Equal("ifbvtap12", DeviceShaping.IfbNameOf("vtap12", 70012));
        Assert.Equal("ifb70012", DeviceShaping.IfbNameOf("tap7c1e5a4f-2b", 70012));
    }
}
