using System.Globalization;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tap;

/// <summary>
/// Reads a macvtap's ifindex and char device numbers from /sys/class/net. Must run inside the
/// device's namespace (a NetworkNamespace thread has sysfs mounted from there): another namespace's
/// sysfs would show another device, or none.
/// </summary>
internal static class MacvtapSysfs
{
    public static MacvtapCharDevice Read(string device, string where)
    {
        string directory = $"/sys/class/net/{device}";
        try
        {
            if (!Directory.Exists(directory))
                throw new LinkNotFoundException($"{device} {where}");
            if (!Directory.Exists($"{directory}/macvtap"))
                throw new DeviceKindMismatchException(device, where, "macvtap",
                    "queue fds via /dev/tapN exist only for macvtap devices; for a tap device use TapDevices");
            int index = int.Parse(File.ReadAllText($"{directory}/ifindex").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            var number = CharDeviceNumber.Parse(File.ReadAllText($"{directory}/macvtap/tap{index}/dev"));
            return new MacvtapCharDevice(device, index, number);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted (or renamed) while we read it.
            throw new LinkNotFoundException($"{device} {where}");
        }
    }

    public static string Describe(Namespaces.NetworkNamespace networkNamespace) =>
        networkNamespace.IsHost ? "in the host namespace" : $"in network namespace {networkNamespace.Name}";
}
