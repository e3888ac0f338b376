namespace Tapyard.Linux.Errors;

public sealed class InvalidMacAddressException : TapyardLinuxException
{
    /// <summary>Text that does not parse as a MAC address.</summary>
    public InvalidMacAddressException(string text, string reason)
        : base($"invalid MAC address '{text}': {reason}; use six hex octets like 52:54:00:12:34:56") { }

    /// <summary>A well-formed address that cannot be <paramref name="device"/>'s own (multicast, all zero).</summary>
    public InvalidMacAddressException(string text, string reason, string device)
        : base($"invalid MAC address {text} for {device}: {reason}") { }
}
