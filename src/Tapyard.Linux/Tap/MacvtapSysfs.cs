using System.Globalization;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;

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
        string? indexText = SysfsAttribute.TryRead($"{directory}/ifindex", out int errno);
        if (indexText is null)
            throw errno is LinuxErrno.ENOENT or LinuxErrno.ENOTDIR
                ? new LinkNotFoundException($"{device} {where}")
                : new SystemCallException($"reading the ifindex of {device} {where}", errno);
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            throw new TapyardLinuxException($"{directory}/ifindex of {device} {where} reads '{indexText}', not an ifindex", LinuxErrno.EINVAL);
        var number = ReadNumber(device, index, where);
        return new MacvtapCharDevice(device, index, number);
    }

    /// <summary>The char device numbers of <paramref name="device"/>, which had ifindex <paramref name="index"/>.</summary>
    public static CharDeviceNumber ReadNumber(string device, int index, string where)
    {
        string directory = $"/sys/class/net/{device}";
        string? text = SysfsAttribute.TryRead($"{directory}/macvtap/tap{index}/dev", out int errno);
        if (text is not null)
        {
            try
            {
                return CharDeviceNumber.Parse(text);
            }
            catch (TapyardLinuxException e)
            {
                throw new TapyardLinuxException($"reading the char device of {device} {where}: {e.Message}", e.Errno, e);
            }
        }
        if (errno is not (LinuxErrno.ENOENT or LinuxErrno.ENOTDIR))
            throw new SystemCallException($"reading the char device of {device} {where}", errno);
        // Absent: either no such device (any more), or one that is not a macvtap.
        if (!SysfsAttribute.Exists($"{directory}/ifindex"))
            throw new LinkNotFoundException($"{device} {where}");
        if (!SysfsAttribute.Exists($"{directory}/macvtap"))
            throw new DeviceKindMismatchException(device, where, "macvtap",
                "queue fds via /dev/tapN exist only for macvtap devices; for a tap device use TapDevices");
        throw new LinkNotFoundException($"{device} {where} (replaced while being read)");
    }

    public static string Describe(NetworkNamespace networkNamespace) =>
        networkNamespace.IsHost ? "in the host namespace" : $"in network namespace {networkNamespace.Name}";
}
