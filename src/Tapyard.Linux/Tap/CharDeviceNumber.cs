using System.Globalization;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tap;

/// <summary>
/// A character device's major:minor. Converts to and from glibc's dev_t encoding (what stat's st_rdev
/// and mknod use) and parses the "major:minor" text of sysfs `dev` files.
/// </summary>
public readonly record struct CharDeviceNumber(uint Major, uint Minor)
{
    public static CharDeviceNumber FromDevT(ulong dev) => new(
        (uint)(((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff)),
        (uint)(((dev >> 12) & 0xffffff00) | (dev & 0xff)));

    public ulong ToDevT() =>
        ((ulong)(Major & 0xfffff000) << 32) | ((ulong)(Major & 0xfff) << 8) |
        ((ulong)(Minor & 0xffffff00) << 12) | (Minor & 0xff);

    /// <summary>Parses sysfs's "246:3" (a trailing newline is fine); anything else is a <see cref="TapyardLinuxException"/> (EINVAL).</summary>
    public static CharDeviceNumber Parse(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length != 2
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint major)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint minor))
            throw new TapyardLinuxException($"'{text.Trim()}' is not a device number of the form major:minor (such as 246:3)", LinuxErrno.EINVAL);
        return new CharDeviceNumber(major, minor);
    }

    public override string ToString() => $"{Major}:{Minor}";
}
