using Tapyard.Core.Errors;

namespace Tapyard.Hypervisors.Qmp;

/// <summary>The QMP socket could not be reached, closed (QEMU ended), spoke something other than QMP, or did not answer in time.</summary>
public sealed class QmpConnectionException(string message, Exception? inner = null) : TapyardException(message, inner);
