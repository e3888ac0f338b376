namespace Tapyard.Node.Hooks;

/// <summary>When a hook runs: <see cref="Up"/> after a NIC's device is configured, <see cref="Down"/> before it is removed.</summary>
public enum HookAction
{
    Up,
    Down,
}
