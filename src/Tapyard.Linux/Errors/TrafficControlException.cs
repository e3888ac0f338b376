namespace Tapyard.Linux.Errors;

/// <summary>A tc command failed: names the device, what was being set up, and tc's own message.</summary>
public sealed class TrafficControlException(string message, Exception? inner = null) : TapyardLinuxException(message, 0, inner);
