using Tapyard.Core.Errors;

namespace Tapyard.Hypervisors.Nova;

/// <summary>A Nova VIF document cannot be used: one line naming the VIF (or file) and the fix.</summary>
public sealed class NovaVifException(string message, Exception? inner = null) : TapyardException(message, inner);
