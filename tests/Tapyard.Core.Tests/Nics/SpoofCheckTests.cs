using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;

namespace Tapyard.Core.Tests.Nics;

public sealed class SpoofCheckTests
{
    [Theory]
    [InlineData("spoof_check=on", true)]
    [InlineData("spoof_check=off", false)]
    [InlineData("mode=bridged,link=br0,spoof_check=off", false)]
    public void Parses_on_and_off(string text, bool on) => Assert.Equal(on, NicParamsParser.Parse(text).SpoofCheck);

    [Fact]
    public void Anything_but_on_or_off_is_one_clear_error()
    {
        var error = Assert.Throws<TapyardException>(() => NicParamsParser.Parse("spoof_check=maybe"));
        Assert.Equal("spoof_check 'maybe' is not on or off; use spoof_check=on or spoof_check=off", error.Message);
    }

    [Fact]
    public void On_by_default_inherited_from_the_connection_and_the_nic_wins()
    {
        var cluster = ClusterOperations.Init(new ClusterInitRequest { NicParams = NicParamsParser.Parse("mode=bridged,link=br0") }).Cluster;
        var byDefault = NicParamsRules.Resolve(NicParams.Empty, null, cluster);
        Assert.Equal((true, true), (byDefault.SpoofCheck, byDefault.SpoofCheckInherited));

        var fromConnection = NicParamsRules.Resolve(NicParams.Empty, NicParamsParser.Parse("spoof_check=off"), cluster);
        Assert.Equal((false, true), (fromConnection.SpoofCheck, fromConnection.SpoofCheckInherited));

        var own = NicParamsRules.Resolve(NicParamsParser.Parse("spoof_check=on"), NicParamsParser.Parse("spoof_check=off"), cluster);
        Assert.Equal((true, false), (own.SpoofCheck, own.SpoofCheckInherited));
    }

    [Fact]
    public void A_nic_request_takes_spoof_check()
    {
        var request = NicRequestParser.Parse("0:network=net1,spoof_check=off");
        Assert.False(request.Params.SpoofCheck);
    }
}
