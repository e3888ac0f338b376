using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Nics;

public sealed class BandwidthLimitTests
{
    [Theory]
    [InlineData("1000", 1000L, null, null)]
    [InlineData("1000:2000", 1000L, 2000L, null)]
    [InlineData("1000:2000:512", 1000L, 2000L, 512L)]
    [InlineData("1000::512", 1000L, null, 512L)]
    public void Parses_average_peak_burst(string text, long average, long? peak, long? burst)
    {
        var limit = BandwidthLimit.Parse(text, "bw_in");
        Assert.Equal(new BandwidthLimit(average, peak, burst), limit);
        Assert.Equal(text, limit.ToString());
    }

    [Fact]
    public void Converts_as_libvirt_hands_values_to_tc()
    {
        var limit = new BandwidthLimit(1000, 2000, 512);
        Assert.Equal(1_000_000, limit.AverageBytesPerSecond);
        Assert.Equal(2_000_000, limit.PeakBytesPerSecond);
        Assert.Equal(512 * 1024, limit.BurstBytes);
    }

    [Theory]
    [InlineData("", "bw_in average '' is not a whole number")]
    [InlineData("fast", "bw_in average 'fast' is not a whole number")]
    [InlineData("10:x", "bw_in peak 'x' is not a whole number")]
    [InlineData("-5", "bw_in average '-5' is not a whole number")]
    [InlineData("1:2:3:4", "bw_in '1:2:3:4' has 4 parts")]
    [InlineData("0", "bw_in '0': the average must be at least 1")]
    [InlineData("100:50", "bw_in '100:50': the peak (50) is below the average (100)")]
    [InlineData("100:200:0", "bw_in '100:200:0': the burst must be at least 1")]
    public void Bad_text_is_refused_with_the_syntax(string text, string start)
    {
        var e = Assert.Throws<TapyardException>(() => BandwidthLimit.Parse(text, "bw_in"));
        Assert.StartsWith(start, e.Message);
        Assert.EndsWith("use bw_in=AVERAGE[:PEAK[:BURST]] (kilobytes per second, burst in kilobytes), e.g. bw_in=1000:2000:512", e.Message);
    }

    [Fact]
    public void Nic_params_take_bw_in_and_bw_out()
    {
        var p = NicParamsParser.Parse("mode=macvtap,link=eth0,bw_in=1000:2000:64,bw_out=500");
        Assert.Equal(new BandwidthLimit(1000, 2000, 64), p.BwIn);
        Assert.Equal(new BandwidthLimit(500), p.BwOut);
        Assert.StartsWith("bw_out '0'", Assert.Throws<TapyardException>(() => NicParamsParser.Parse("bw_out=0")).Message);
    }

    [Fact]
    public void Nic_requests_take_bw_in()
    {
        var r = NicRequestParser.Parse("0:network=n,bw_in=100");
        Assert.Equal(new BandwidthLimit(100), r.Params.BwIn);
    }

    [Fact]
    public void Bandwidth_is_inherited_like_vlan()
    {
        var cluster = new Cluster { Name = "c", MacPrefix = "aa:00:00", DefaultNicParams = NicParamsParser.Parse("mode=bridged,link=br0,bw_out=7") };
        var fromConnection = NicParamsRules.Resolve(NicParams.Empty, NicParamsParser.Parse("mode=macvtap,link=eth0,bw_in=100"), cluster);
        Assert.Equal(new BandwidthLimit(100), fromConnection.BwIn);
        Assert.Null(fromConnection.BwOut);   // the cluster default belongs to mode=bridged
        var own = NicParamsRules.Resolve(NicParamsParser.Parse("bw_in=5"), NicParamsParser.Parse("mode=bridged,bw_in=100"), cluster);
        Assert.Equal(new BandwidthLimit(5), own.BwIn);
        Assert.Equal(new BandwidthLimit(7), own.BwOut);
    }
}
