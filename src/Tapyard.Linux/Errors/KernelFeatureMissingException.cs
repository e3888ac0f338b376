namespace Tapyard.Linux.Errors;

/// <summary>The running kernel lacks what the request needs (a link kind, bridge VLAN filtering), e.g. built without it.</summary>
public sealed class KernelFeatureMissingException(string device, string feature, string configOption, int errno)
    : TapyardLinuxException($"cannot create {device}: this kernel has no {feature} ({configOption} is neither built in nor loadable)", errno)
{
    public string Feature { get; } = feature;
}
