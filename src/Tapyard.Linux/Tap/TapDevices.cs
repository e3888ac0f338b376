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

    /// <summary>
    /// Creates the tap <see cref="TapDeviceSpec.Name"/> (or one the kernel names) and opens its queues.
    /// A named device is created with IFF_TUN_EXCL: if a device of that name exists, also one made by
    /// someone else a moment ago, the kernel refuses (<see cref="LinkExistsException"/>) instead of
    /// attaching to it.
    /// </summary>
    public static TapQueueSet Create(NetworkNamespace networkNamespace, TapDeviceSpec spec)
    {
        var options = spec.Options;
        options.Validate();
        ValidateQueueCount(spec.Queues, options, spec.Name ?? "a new tap");
        if (spec.Name is not null)
            LinkName.Validate(spec.Name);
        if (spec.Index is <= 0)
            throw new TapyardLinuxException($"ifindex {spec.Index} for {spec.Name ?? "a new tap"} is invalid; use a positive number or none", LinuxErrno.EINVAL);
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
            // No name check beforehand: it would race with whoever creates the name next. IFF_TUN_EXCL
            // makes the kernel refuse (EBUSY) a name that exists when TUNSETIFF runs.
            var flags = options.InterfaceFlags | (spec.Name is null ? TapInterfaceFlags.None : TapInterfaceFlags.TunExclusive);
            try
            {
                TunControl.SetInterface(first, spec.Name ?? "", flags, $"{label} {where}");
            }
            catch (SystemCallException e) when (e.Errno is LinuxErrno.EBUSY or LinuxErrno.EEXIST)
            {
                throw CreateRefusal(spec, label, where, e);
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
        string? text = SysfsAttribute.TryRead($"{directory}/tun_flags", out int errno);
        if (text is null)
        {
            if (errno is not (LinuxErrno.ENOENT or LinuxErrno.ENOTDIR))
                throw new SystemCallException($"reading the tun flags of {name} {where}", errno);
            if (!SysfsAttribute.Exists($"{directory}/ifindex"))
                throw new LinkNotFoundException($"{name} {where}");
            throw new DeviceKindMismatchException(name, where, "tap device", "only devices made through /dev/net/tun take more queues this way");
        }
        // "0x1102": hexadecimal with its prefix.
        string digits = text.Trim();
        if (digits.StartsWith("0x", StringComparison.Ordinal))
            digits = digits[2..];
        if (!int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int flags))
            throw new TapyardLinuxException($"{directory}/tun_flags of {name} {where} reads '{text}', not tun flags", LinuxErrno.EINVAL);
        return (TapInterfaceFlags)flags;
    }

    /// <summary>
    /// TUNSETIFF refused to create: EBUSY when the name exists (IFF_TUN_EXCL) and also when an explicit
    /// ifindex is taken (EEXIST on older kernels), so with both given the name decides which.
    /// </summary>
    private static TapyardLinuxException CreateRefusal(TapDeviceSpec spec, string label, string where, SystemCallException e)
    {
        bool nameTaken = spec.Name is { } name && SysfsAttribute.Exists($"/sys/class/net/{name}/ifindex");
        if (spec.Index is { } taken && !nameTaken)
            return new TapyardLinuxException($"cannot create {label} {where}: ifindex {taken} is already in use there; choose another", e.Errno, e);
        if (spec.Name is { } existing)
            return new LinkExistsException(existing, e.Errno);
        return e;
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
