using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tap;

/// <summary>
/// The tun/tap ioctls on one queue fd, shared by macvtap (/dev/tapN) and tun (/dev/net/tun) queues.
/// Every failure names the device and the step.
/// </summary>
internal static unsafe class TunControl
{
    public static void SetInterface(SafeFileHandle fd, string name, TapInterfaceFlags flags, string device)
    {
        var request = new InterfaceRequest { Name = name, Flags = (short)flags };
        if (Interop.Libc.Ioctl(Fd(fd), TunIoctl.SetInterface, &request) != 0)
            throw SystemCallException.FromLastError($"setting flags {flags} on {device} (TUNSETIFF)");
    }

    public static (string Name, TapInterfaceFlags Flags) GetInterface(SafeFileHandle fd, string device)
    {
        var request = new InterfaceRequest();
        if (Interop.Libc.Ioctl(Fd(fd), TunIoctl.GetInterface, &request) != 0)
            throw SystemCallException.FromLastError($"reading the interface of a queue of {device} (TUNGETIFF)");
        return (request.Name, (TapInterfaceFlags)(ushort)request.Flags);
    }

    public static TapInterfaceFlags GetFeatures(SafeFileHandle fd, string device)
    {
        uint features = 0;
        if (Interop.Libc.Ioctl(Fd(fd), TunIoctl.GetFeatures, &features) != 0)
            throw SystemCallException.FromLastError($"reading the features of {device} (TUNGETFEATURES)");
        return (TapInterfaceFlags)features;
    }

    public static void SetOffload(SafeFileHandle fd, TapOffloads offloads, string device)
    {
        // TUNSETOFFLOAD takes its argument by value, not through a pointer.
        if (Interop.Libc.Ioctl(Fd(fd), TunIoctl.SetOffload, (nint)offloads) != 0)
            throw SystemCallException.FromLastError($"setting offloads {offloads} on {device} (TUNSETOFFLOAD)");
    }

    public static void SetVnetHeaderSize(SafeFileHandle fd, int size, string device)
    {
        if (Interop.Libc.Ioctl(Fd(fd), TunIoctl.SetVnetHeaderSize, &size) != 0)
            throw SystemCallException.FromLastError($"setting the virtio-net header size of {device} to {size} (TUNSETVNETHDRSZ)");
    }

    public static int GetVnetHeaderSize(SafeFileHandle fd, string device)
    {
        int size = 0;
        if (Interop.Libc.Ioctl(Fd(fd), TunIoctl.GetVnetHeaderSize, &size) != 0)
            throw SystemCallException.FromLastError($"reading the virtio-net header size of {device} (TUNGETVNETHDRSZ)");
        return size;
    }

    public static void SetPersist(SafeFileHandle fd, bool persist, string device)
    {
        if (Interop.Libc.Ioctl(Fd(fd), TunIoctl.SetPersist, persist ? 1 : 0) != 0)
            throw SystemCallException.FromLastError($"making {device} {(persist ? "persistent" : "non-persistent")} (TUNSETPERSIST)");
    }

    public static void SetInterfaceIndex(SafeFileHandle fd, int index, string device)
    {
        uint value = (uint)index;
        if (Interop.Libc.Ioctl(Fd(fd), TunIoctl.SetInterfaceIndex, &value) != 0)
            throw SystemCallException.FromLastError($"requesting ifindex {index} for {device} (TUNSETIFINDEX)");
    }

    /// <summary>st_rdev of the opened fd: which character device (major:minor) it really is.</summary>
    public static ulong DeviceNumberOf(SafeFileHandle fd, string what)
    {
        Interop.Libc.StatBuffer stat;
        if (Interop.Libc.Fstat(Fd(fd), &stat) != 0)
            throw SystemCallException.FromLastError($"fstat on {what}");
        return stat.Device;
    }

    private static int Fd(SafeFileHandle fd) => (int)fd.DangerousGetHandle();
}
