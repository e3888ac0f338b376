namespace Tapyard.Linux.Errors;

/// <summary>A reply that does not follow the netlink wire format: a bug in the kernel or in Tapyard, never bad user input.</summary>
public sealed class NetlinkProtocolException(string message) : TapyardLinuxException(message);
