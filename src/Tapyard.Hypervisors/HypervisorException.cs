using Tapyard.Core.Errors;

namespace Tapyard.Hypervisors;

/// <summary>A start, stop or reboot failed: one sentence naming the instance, the cause, and what was cleaned up.</summary>
public class HypervisorException(string message, Exception? inner = null) : TapyardException(message, inner);
