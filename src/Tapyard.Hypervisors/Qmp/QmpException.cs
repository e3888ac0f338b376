using Tapyard.Core.Errors;

namespace Tapyard.Hypervisors.Qmp;

/// <summary>QEMU answered a QMP command with an error: its class (GenericError, CommandNotFound, DeviceNotFound...) and description.</summary>
public sealed class QmpException(string command, string errorClass, string description)
    : TapyardException($"QMP command {command} failed: {description} ({errorClass})")
{
    public string Command { get; } = command;

    /// <summary>QEMU's error class, e.g. "GenericError" or "CommandNotFound".</summary>
    public string ErrorClass { get; } = errorClass;

    public string Description { get; } = description;
}
