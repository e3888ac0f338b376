using Tapyard.Core.Errors;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>An instance cannot be described to libvirt as asked: one line naming the instance or NIC and the fix.</summary>
public sealed class LibvirtXmlException(string message) : TapyardException(message);
