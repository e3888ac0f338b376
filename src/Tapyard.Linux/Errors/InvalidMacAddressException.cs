namespace Tapyard.Linux.Errors;

public sealed class InvalidMacAddressException(string text, string reason)
    : TapyardLinuxException($"invalid MAC address '{text}': {reason}; use six hex octets like 52:54:00:12:34:56");
