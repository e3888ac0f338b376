using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Linux.Tap;

/// <summary>
/// Tap devices through /dev/net/tun: create one (persistent or not, with N queues) or attach queues
/// to an existing one. All work runs on the namespace's thread: the kernel ties a tun fd to the
/// network namespace of the thread that opened it, and creates the device there.
/// </summary>
public static class TapDevices
{
    public const string ClonePath = "/dev/net/tun";

    public static TapQueueSet Create(NetworkNamespace networkNamespace, TapDeviceSpec spec)
    {
        var options = spec.Options;
        options.Validate();
        ValidateQueueCount(spec.Queues, options, spec.Name ?? "a new tap");
        if (spec.Name is not null)
            LinkName.Validate(spec.Name);
        if (spec.Index is <= 0)
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Index, "an ifindex is a positive number");
        string where = MacvtapSysfs.Describe(networkNamespace);
        return networkNamespace.Run(() => CreateHere(spec, options, where));
    }

    /// <summary>Attaches <paramref name="queues"/> more queue fds to the existing tap <paramref name="name"/> (persistent, or held open by someone else).</summary>
    public static TapQueueSet Attach(NetworkNamespace networkNamespace, string name, int queues = 1, TapQueueOptions? options = null)
    {
        LinkName.Validate(name);
        options ??= TapQueueOptions.Default;
        options.Validate();
        ValidateQueueCount(queues, options, name);
        string where = MacvtapSysfs.Describe(networkNamespace);
        return networkNamespace.Run(() => AttachHere(name, queues, options, where));
    }

    private static TapQueueSet CreateHere(TapDeviceSpec spec, TapQueueOptions options, string where)
    {
        if (spec.Name is { } requested && Directory.Exists($"/sys/class/net/{requested}"))
            throw new LinkExistsException(requested, LinuxErrno.EEXIST);
        var opened = new List<TapQueue>(spec.Queues);
        SafeFileHandle? first = null;
        bool persisted = false;
        try
        {
            first = QueueFile.Open(ClonePath, $"a new tap {where}");
            string label = spec.Name ?? "a new tap";
            var features = TunControl.GetFeatures(first, label);
            if (spec.Index is { } index)
                TunControl.SetInterfaceIndex(first, index, label);
            try
            {
                TunControl.SetInterface(first, spec.Name ?? "", options.InterfaceFlags, $"{label} {where}");
            }
            catch (SystemCallException e) when (spec.Index is { } taken && e.Errno is LinuxErrno.EBUSY or LinuxErrno.EEXIST)
            {
                throw new TapyardLinuxException($"cannot create {label} {where}: ifindex {taken} is already in use there; choose another", e.Errno, e);
            }
            string name = TunControl.GetInterface(first, label).Name;
            if (spec.Persistent)
            {
                TunControl.SetPersist(first, true, name);
                persisted = true;
            }
            TunControl.SetOffload(first, options.Offloads, name);
            opened.Add(Configure(first, name, options));
            first = null;
            for (int i = 1; i < spec.Queues; i++)
                opened.Add(AttachOne(name, options, where));
            return new TapQueueSet(name, features, opened);
        }
        catch
        {
            // A persistent device we made must not outlive a failed create.
            var holder = first ?? opened.FirstOrDefault()?.Handle;
            if (persisted && holder is not null)
                TryUnpersist(holder);
            first?.Dispose();
            TapQueueSet.DisposeAll(opened);
            throw;
        }
    }

    private static TapQueueSet AttachHere(string name, int queues, TapQueueOptions options, string where)
    {
        // TUNSETIFF with an unknown name would create a new device: check that it exists and is a tap first.
        var deviceFlags = ReadTunFlags(name, where);
        if ((deviceFlags & TapInterfaceFlags.Tap) == 0)
            throw new DeviceKindMismatchException(name, where, "tap device", "it is a tun (layer 3) device");
        bool deviceIsMultiQueue = (deviceFlags & TapInterfaceFlags.MultiQueue) != 0;
        if (deviceIsMultiQueue != options.MultiQueue)
            throw new TapyardLinuxException(
                $"tap {name} {where} was created {(deviceIsMultiQueue ? "with" : "without")} IFF_MULTI_QUEUE; attach with MultiQueue = {deviceIsMultiQueue}", LinuxErrno.EINVAL);
        var opened = new List<TapQueue>(queues);
        try
        {
            var features = TapInterfaceFlags.None;
            for (int i = 0; i < queues; i++)
            {
                opened.Add(AttachOne(name, options, where));
                if (i == 0)
                {
                    features = TunControl.GetFeatures(opened[0].Handle, name);
                    TunControl.SetOffload(opened[0].Handle, options.Offloads, name);
                }
            }
            return new TapQueueSet(name, features, opened);
        }
        catch
        {
            TapQueueSet.DisposeAll(opened);
            throw;
        }
    }

    private static TapQueue AttachOne(string name, TapQueueOptions options, string where)
    {
        var handle = QueueFile.Open(ClonePath, $"a queue of tap {name} {where}");
        try
        {
            TunControl.SetInterface(handle, name, options.InterfaceFlags, $"tap {name} {where}");
            return Configure(handle, name, options);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static TapQueue Configure(SafeFileHandle handle, string name, TapQueueOptions options)
    {
        if (options.VnetHeader)
            TunControl.SetVnetHeaderSize(handle, options.VnetHeaderSize, name);
        var flags = TunControl.GetInterface(handle, name).Flags;
        return new TapQueue(handle, name, flags, options.EffectiveHeaderSize, ClonePath);
    }

    /// <summary>The device's tun flags from sysfs (only tun/tap devices have tun_flags).</summary>
    private static TapInterfaceFlags ReadTunFlags(string name, string where)
    {
        string directory = $"/sys/class/net/{name}";
        try
        {
            if (!Directory.Exists(directory))
                throw new LinkNotFoundException($"{name} {where}");
            if (!File.Exists($"{directory}/tun_flags"))
                throw new DeviceKindMismatchException(name, where, "tap device", "only devices made through /dev/net/tun take more queues this way");
            string text = File.ReadAllText($"{directory}/tun_flags").Trim();
            return (TapInterfaceFlags)int.Parse(text.StartsWith("0x", StringComparison.Ordinal) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new LinkNotFoundException($"{name} {where}");
        }
    }

    private static void ValidateQueueCount(int queues, TapQueueOptions options, string device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queues, 1);
        if (queues > 1 && !options.MultiQueue)
            throw new ArgumentException($"{queues} queues on {device} need MultiQueue on", nameof(options));
    }

    private static void TryUnpersist(SafeFileHandle handle)
    {
        try { TunControl.SetPersist(handle, false, "a tap being cleaned up"); }
        catch (TapyardLinuxException) { /* the original failure matters more */ }
    }
}
