namespace Tapyard.Bench.Plug;

/// <summary>The phases, as they appear in JSON keys.</summary>
public static class PlugPhases
{
    /// <summary>
    /// Create the macvtap with its link already up (one request, as `ip link add ... up`) and open one
    /// queue fd on it with Tapyard's opener (MacvtapQueues.Open), whichever tool created it.
    /// </summary>
    public const string CreateOpenUp = "create_open_up";
    /// <summary>
    /// Close every queue fd, with the same concurrent closer whichever tool created the devices:
    /// the macvtap driver waits an RCU grace period per close, so this is a figure of its own.
    /// </summary>
    public const string CloseQueues = "close_queues";
    /// <summary>Delete the macvtaps (their queue fds are already closed).</summary>
    public const string Teardown = "teardown";
}
