namespace Tapyard.Linux.Errors;

public sealed class InvalidLinkNameException(string name, string reason)
    : TapyardLinuxException($"invalid device name '{name}': {reason}");
