using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Linux.Tap;

/// <summary>
/// Opens queue fds on a macvtap, one open per queue, without ever attaching to another namespace's
/// device. /dev is global but ifindex is per namespace, so /dev/tap&lt;ifindex&gt; may belong to a
/// macvtap elsewhere (PLATFORM.md). The device's true major:minor is read from its own namespace's
/// sysfs; /dev/tapN is used only when its st_rdev matches, otherwise a private node is made in the
/// runtime directory. After opening, fstat proves what the fd is bound to, TUNGETIFF names the device,
/// and sysfs is read once more so a device replaced meanwhile is noticed.
/// </summary>
public static class MacvtapQueues
{
    private static readonly TimeSpan NodePollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>Reads <paramref name="device"/>'s ifindex and char device numbers inside <paramref name="networkNamespace"/>.</summary>
    public static MacvtapCharDevice Locate(NetworkNamespace networkNamespace, string device)
    {
        LinkName.Validate(device);
        string where = MacvtapSysfs.Describe(networkNamespace);
        return networkNamespace.Run(() => MacvtapSysfs.Read(device, where));
    }

    /// <summary>
    /// Opens <paramref name="queues"/> queue fds on the macvtap <paramref name="device"/> of
    /// <paramref name="networkNamespace"/>. Raise the device's numtxqueues/numrxqueues for more than one.
    /// </summary>
    public static TapQueueSet Open(NetworkNamespace networkNamespace, string device, int queues = 1, TapQueueOptions? options = null) =>
        OpenMany(networkNamespace, [device], queues, options)[0];

    /// <summary>
    /// Opens queue fds on many macvtaps of one namespace, entering the namespace twice in all rather
    /// than twice per device. Either every device gets its queues or none does (all fds are closed
    /// and the first error is thrown).
    /// </summary>
    public static IReadOnlyList<TapQueueSet> OpenMany(NetworkNamespace networkNamespace, IReadOnlyList<string> devices, int queuesPerDevice = 1, TapQueueOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queuesPerDevice, 1);
        options ??= TapQueueOptions.Default;
        options.Validate();
        foreach (var device in devices)
        {
            LinkName.Validate(device);
            if (queuesPerDevice > 1 && !options.MultiQueue)
                throw new ArgumentException($"{queuesPerDevice} queues on {device} need MultiQueue on", nameof(options));
        }
        string where = MacvtapSysfs.Describe(networkNamespace);
        var located = networkNamespace.Run(() => devices.Select(device => MacvtapSysfs.Read(device, where)).ToList());

        var sets = new List<TapQueueSet>(devices.Count);
        try
        {
            // Opening happens on the caller's thread: /dev and the runtime directory are the host's.
            // Only the first queue waits for a late /dev/tapN; if it never came, the rest go private at once.
            foreach (var device in located)
            {
                var opened = new List<TapQueue>(queuesPerDevice);
                var features = TapInterfaceFlags.None;
                try
                {
                    for (int i = 0; i < queuesPerDevice; i++)
                        opened.Add(OpenQueue(device, options, where, i == 0 ? options.DeviceNodeWait : TimeSpan.Zero, out features));
                }
                catch
                {
                    TapQueueSet.DisposeAll(opened);
                    throw;
                }
                sets.Add(new TapQueueSet(device.Device, features, opened));
            }
            // Same name, same ifindex, same char device after opening: the fds are bound to these devices.
            var now = networkNamespace.Run(() => located.Select(d => MacvtapSysfs.ReadNumber(d.Device, d.Index, where)).ToList());
            for (int i = 0; i < located.Count; i++)
            {
                if (now[i] != located[i].Number)
                    throw new TapyardLinuxException(
                        $"device {located[i].Device} {where} was replaced while its queues were opened (char device {located[i].Number}, now {now[i]}); open them again");
            }
        }
        catch
        {
            TapQueueSet.DisposeAll(sets.SelectMany(set => set).ToList());
            throw;
        }
        return sets;
    }

    private static TapQueue OpenQueue(MacvtapCharDevice located, TapQueueOptions options, string where, TimeSpan wait, out TapInterfaceFlags features)
    {
        string what = $"a queue of {located.Device} {where}";
        SafeFileHandle handle;
        string path;
        bool privateNode;
        try
        {
            (handle, path, privateNode) = OpenNode(located, options, what, wait);
        }
        catch (TapyardLinuxException e) when (e.Errno is LinuxErrno.ENXIO or LinuxErrno.ENODEV)
        {
            // No device has this char device number any more.
            throw new LinkNotFoundException($"{located.Device} {where} (deleted while its queue was opened)", e.Errno);
        }
        try
        {
            string device = located.Device;
            features = TunControl.GetFeatures(handle, device);
            var missing = options.InterfaceFlags & ~features;
            if (missing != TapInterfaceFlags.None)
                throw new TapyardLinuxException($"the macvtap driver does not support {missing}, needed for {what}", LinuxErrno.EOPNOTSUPP);
            // Set every flag explicitly: a fresh macvtap fd starts with IFF_VNET_HDR on, whatever the caller wants.
            TunControl.SetInterface(handle, "", options.InterfaceFlags, device);
            if (options.VnetHeader)
                TunControl.SetVnetHeaderSize(handle, options.VnetHeaderSize, device);
            TunControl.SetOffload(handle, options.Offloads, device);
            var (boundTo, flags) = TunControl.GetInterface(handle, device);
            if (boundTo != device)
                throw new TapyardLinuxException($"{path} ({located.Number}) is bound to device {boundTo}, not {device} {where}; refusing it");
            return new TapQueue(handle, device, flags, options.EffectiveHeaderSize, path, privateNode);
        }
        catch (TapyardLinuxException e) when (e.Errno == LinuxErrno.ENOLINK)
        {
            handle.Dispose();
            throw new LinkNotFoundException($"{located.Device} {where} (deleted while its queue was opened)", e.Errno);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static (SafeFileHandle Handle, string Path, bool PrivateNode) OpenNode(MacvtapCharDevice located, TapQueueOptions options, string what, TimeSpan wait)
    {
        string shared = located.SharedNodePath;
        ulong expected = located.Number.ToDevT();
        if (SharedNodeIsThisDevice(shared, expected, wait))
        {
            var handle = QueueFile.TryOpen(shared, out int errno);
            if (handle is not null)
            {
                // The node may have been replaced between stat and open: trust only the opened fd.
                if (TunControl.DeviceNumberOf(handle, shared) == expected)
                    return (handle, shared, false);
                handle.Dispose();
            }
            else if (errno is not (LinuxErrno.ENOENT or LinuxErrno.ENXIO or LinuxErrno.ENODEV))
            {
                throw errno is LinuxErrno.EPERM or LinuxErrno.EACCES
                    ? new NotPermittedException($"opening {shared} for {what}", errno)
                    : new SystemCallException($"opening {shared} for {what}", errno);
            }
        }
        var (privateHandle, privatePath) = PrivateDeviceNode.Open(located.Number, $"tap{located.Index}", options.RuntimeDirectory, what);
        return (privateHandle, privatePath, true);
    }

    /// <summary>True when the node exists (waiting up to <paramref name="wait"/> for it) and is our char device.</summary>
    private static unsafe bool SharedNodeIsThisDevice(string path, ulong expected, TimeSpan wait)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Interop.Libc.StatBuffer stat;
            if (Interop.Libc.Stat(path, &stat) == 0)
                return stat.IsCharacterDevice && stat.Device == expected;
            if (Marshal.GetLastPInvokeError() != LinuxErrno.ENOENT || Stopwatch.GetTimestamp() >= deadline)
                return false;
            Thread.Sleep(NodePollInterval);
        }
    }
}
