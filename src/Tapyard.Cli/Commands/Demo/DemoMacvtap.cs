using Tapyard.Linux.Links;

namespace Tapyard.Cli.Commands.Demo;

/// <summary>One macvtap the demo creates: a name, a mode, the uplink it sits on and its explicit ifindex.</summary>
internal sealed record DemoMacvtap(string Name, MacvlanMode Mode, string Lower, int Index, MacAddress Mac)
{
    public MacvlanLinkSpec Spec => new()
    {
        Name = Name,
        Mode = Mode,
        Lower = Lower,
        Index = Index,
        Mac = Mac,
        // The host needs no IPv6 link-local address on a guest's device.
        DisableIpv6AddressGeneration = true,
    };
}
