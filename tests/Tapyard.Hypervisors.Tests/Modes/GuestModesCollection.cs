namespace Tapyard.Hypervisors.Tests.Modes;

/// <summary>
/// The NIC-mode guest fixtures boot two or three TCG guests each: they run one after another (not
/// beside each other), so a 2-core machine is not asked to boot five guests at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GuestModesCollection
{
    public const string Name = "guest nic modes";
}
