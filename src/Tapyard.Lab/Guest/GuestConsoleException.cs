using Tapyard.Core.Errors;

namespace Tapyard.Lab.Guest;

/// <summary>The guest's console did not answer as expected: not reachable, not ready in time, a command that did not finish.</summary>
public sealed class GuestConsoleException(string message, Exception? inner = null) : TapyardException(message, inner);
