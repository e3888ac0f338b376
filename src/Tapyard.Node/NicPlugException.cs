using Tapyard.Core.Errors;

namespace Tapyard.Node;

/// <summary>Plugging a NIC failed; the message names the instance, the NIC and the node, the cause, and what was undone.</summary>
public sealed class NicPlugException(string instance, int nicIndex, string message, Exception? inner = null)
    : TapyardException(message, inner)
{
    public string Instance { get; } = instance;
    public int NicIndex { get; } = nicIndex;
}
