namespace Tapyard.Linux.Tests.Support;

/// <summary>
/// What the running kernel supports, asked of iproute2 (not of Tapyard) inside a test namespace:
/// the probe creates a device with `ip` and deletes it again. Not every kernel has every kind (this
/// project's machines lack CONFIG_VLAN_8021Q and so bridge VLAN filtering).
/// </summary>
internal static class KernelFeatures
{
    public static bool VlanDevices(string ns, string lower) =>
        Probe(ns, "ty-probe-vlan", ["link", "add", "link", lower, "name", "ty-probe-vlan", "type", "vlan", "id", "7"]);

    public static bool BridgeVlanFiltering(string ns) =>
        Probe(ns, "ty-probe-br", ["link", "add", "name", "ty-probe-br", "type", "bridge", "vlan_filtering", "1"]);

    private static bool Probe(string ns, string device, string[] create)
    {
        try
        {
            Ip.Run(["-n", ns, .. create]);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("Operation not supported") || e.Message.Contains("Unknown device type"))
        {
            return false;
        }
        Ip.Run("-n", ns, "link", "del", device);
        return true;
    }
}
