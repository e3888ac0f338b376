using System.Net;

namespace Tapyard.Hypervisors.Tests.Modes;

/// <summary>One macvtap mode's network in <see cref="MacvtapModeGuests"/>: subnet 10.N.0.0/24, outside host 10.N.0.1, guest A .11, guest B .12.</summary>
public sealed record MacvtapModeNet(string Network, string MvtapMode, string Link, int Number, int NicIndex)
{
    public string Subnet => $"10.{Number}.0.0/24";
    public IPAddress Outside => IPAddress.Parse($"10.{Number}.0.1");
    public IPAddress AddressOf(string guest) => IPAddress.Parse($"10.{Number}.0.{(guest == MacvtapModeGuests.A ? 11 : 12)}");
    public override string ToString() => MvtapMode;
}
