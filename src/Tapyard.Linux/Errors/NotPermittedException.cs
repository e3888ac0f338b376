namespace Tapyard.Linux.Errors;

/// <summary>
/// EPERM: the caller lacks <see cref="Capability"/>. Only EPERM means that: the kernel also answers
/// EACCES for other reasons (e.g. "IPv6 is disabled on this device"), which stay the original error
/// with the kernel's text. Build it through <see cref="Permission"/>.
/// </summary>
public sealed class NotPermittedException(string what, int errno, string capability = LinuxCapability.NetAdmin, string? kernelText = null)
    : TapyardLinuxException(
        $"{what}: not permitted; run as root (needs {capability})" + (kernelText is { Length: > 0 } ? $" (kernel: {kernelText})" : ""),
        errno)
{
    public string Capability { get; } = capability;
}
