using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Tap;

namespace Tapyard.Linux.Tests.Tap;

/// <summary>stat/fstat for tests: which char device a path or an fd really is.</summary>
internal static unsafe class DeviceNode
{
    public static CharDeviceNumber? NumberOf(string path)
    {
        Interop.Libc.StatBuffer stat;
        return Interop.Libc.Stat(path, &stat) == 0 ? CharDeviceNumber.FromDevT(stat.Device) : null;
    }

    public static CharDeviceNumber NumberOf(SafeFileHandle handle)
    {
        Interop.Libc.StatBuffer stat;
        Assert.Equal(0, Interop.Libc.Fstat((int)handle.DangerousGetHandle(), &stat));
        return CharDeviceNumber.FromDevT(stat.Device);
    }

    /// <summary>An ifindex unlikely to be used by any other namespace on the machine, so /dev/tapN is ours to reason about.</summary>
    public static int UnusedIndex()
    {
        while (true)
        {
            int index = Random.Shared.Next(100_000, 2_000_000);
            if (!File.Exists($"/dev/tap{index}"))
                return index;
        }
    }
}
