namespace Tapyard.Bench.Plug;

/// <summary>The phases, as they appear in JSON keys.</summary>
public static class PlugPhases
{
    /// <summary>Create the macvtap with its link already up (one request, as `ip link add ... up`).</summary>
    public const string CreateUp = "create_up";
    /// <summary>Delete the macvtap.</summary>
    public const string Teardown = "teardown";
}
