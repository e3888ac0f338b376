using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Namespaces;

/// <summary>
/// A network namespace: either a named one under /run/netns (where iproute2 sees it), entered by a
/// dedicated thread, or the process's own (<see cref="Host"/>), where work runs on the caller's thread.
/// Sockets opened through <see cref="Run{T}"/> stay in the namespace and may be used from any thread.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    public const string RunDirectory = "/run/netns";

    private readonly NamespaceThread? _thread;

    private NetworkNamespace(string? name, NamespaceThread? thread)
    {
        Name = name;
        _thread = thread;
    }

    /// <summary>The process's own namespace; nothing is entered.</summary>
    public static NetworkNamespace Host { get; } = new(null, null);

    /// <summary>The namespace's name under /run/netns, or null for the host's.</summary>
    public string? Name { get; }

    public bool IsHost => Name is null;

    public override string ToString() => Name ?? "host";

    public static string PathOf(string name) => Path.Combine(RunDirectory, name);

    public static bool Exists(string name) => File.Exists(PathOf(name));

    public static IReadOnlyList<string> List() =>
        Directory.Exists(RunDirectory)
            ? Directory.GetFiles(RunDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Enters an existing named namespace.</summary>
    public static NetworkNamespace Open(string name)
    {
        ValidateName(name);
        if (!Exists(name))
            throw new NamespaceNotFoundException(name);
        return new NetworkNamespace(name, new NamespaceThread(PathOf(name), name));
    }

    /// <summary>Creates a named namespace the way `ip netns add` does, then enters it.</summary>
    public static NetworkNamespace Create(string name)
    {
        ValidateName(name);
        PrepareRunDirectory();
        string path = PathOf(name);
        int fd = Interop.Libc.Open(path, Interop.OpenFlags.O_CREAT | Interop.OpenFlags.O_EXCL | Interop.OpenFlags.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var error = SystemCallException.FromLastError($"creating network namespace {name}", LinuxCapability.SysAdmin);
            throw error.Errno == LinuxErrno.EEXIST
                ? new TapyardLinuxException($"network namespace {name} already exists; delete it or choose another name", LinuxErrno.EEXIST)
                : error;
        }
        Interop.Libc.Close(fd);
        try
        {
            // unshare(CLONE_NEWNET) on a throwaway thread: only that thread changes namespace, and the
            // bind mount of its /proc/thread-self/ns/net keeps the namespace alive after it ends.
            RunOnThrowawayThread(() =>
            {
                if (Interop.Libc.Unshare(Interop.CloneFlags.CLONE_NEWNET) != 0)
                    throw SystemCallException.FromLastError($"creating network namespace {name}", LinuxCapability.SysAdmin);
                if (Interop.Libc.Mount("/proc/thread-self/ns/net", path, "none", Interop.MountFlags.MS_BIND, 0) != 0)
                    throw SystemCallException.FromLastError($"binding network namespace {name} to {path}", LinuxCapability.SysAdmin);
            });
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        try
        {
            return Open(name);
        }
        catch
        {
            // Made but not enterable (thread, setns or sysfs mount failed): unmake it, or it stays behind.
            try { Delete(name); }
            catch (Exception e) when (e is TapyardLinuxException or IOException) { /* the failure to enter matters more */ }
            throw;
        }
    }

    /// <summary>Removes a named namespace as `ip netns delete` does; devices in it go when its last user leaves.</summary>
    public static void Delete(string name)
    {
        ValidateName(name);
        string path = PathOf(name);
        if (!File.Exists(path))
            throw new NamespaceNotFoundException(name);
        if (Interop.Libc.Umount2(path, Interop.MountFlags.MNT_DETACH) != 0)
            throw SystemCallException.FromLastError($"unmounting network namespace {name}", LinuxCapability.SysAdmin);
        File.Delete(path);
    }

    /// <summary>Runs <paramref name="work"/> inside the namespace and returns its result.</summary>
    public T Run<T>(Func<T> work) => _thread is null ? work() : _thread.Run(work);

    public void Run(Action work) => Run(() => { work(); return 0; });

    /// <summary>A rtnetlink socket that lives in this namespace.</summary>
    public NetlinkSocket OpenNetlinkSocket() => Run(NetlinkSocket.OpenRoute);

    /// <summary>An fd referring to this namespace, for IFLA_NET_NS_FD (moving links into it).</summary>
    public SafeFileHandle OpenHandle()
    {
        string path = Name is null ? "/proc/self/ns/net" : PathOf(Name);
        int fd = Interop.Libc.Open(path, Interop.OpenFlags.O_CLOEXEC, 0);
        if (fd < 0)
            throw SystemCallException.FromLastError($"opening network namespace {this}", LinuxCapability.SysAdmin);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Ends this process's thread in the namespace (the namespace itself stays; see <see cref="Delete"/>).
    /// Idempotent and callable from work running inside it; later <see cref="Run{T}"/> calls throw
    /// <see cref="NamespaceClosedException"/>. The host namespace is never closed.
    /// </summary>
    public void Dispose() => _thread?.Dispose();

    /// <summary>Waits for the namespace thread to end after Dispose (tests); true at once for the host.</summary>
    internal bool WaitForExit(TimeSpan timeout) => _thread?.WaitForExit(timeout) ?? true;

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('/') || name is "." or ".." || name.Any(char.IsWhiteSpace))
            throw new TapyardLinuxException($"invalid network namespace name '{name}': use letters, digits, '-', '_' or '.'");
    }

    /// <summary>
    /// /run/netns must be a shared mount so namespace bind mounts made later show in every mount
    /// namespace (iproute2 does the same: make it shared, bind it onto itself first if needed).
    /// </summary>
    private static void PrepareRunDirectory()
    {
        Directory.CreateDirectory(RunDirectory);
        if (Interop.Libc.Mount("", RunDirectory, "none", Interop.MountFlags.MS_SHARED | Interop.MountFlags.MS_REC, 0) == 0)
            return;
        if (Interop.Libc.Mount(RunDirectory, RunDirectory, "none", Interop.MountFlags.MS_BIND | Interop.MountFlags.MS_REC, 0) != 0)
            throw SystemCallException.FromLastError($"bind-mounting {RunDirectory}", LinuxCapability.SysAdmin);
        if (Interop.Libc.Mount("", RunDirectory, "none", Interop.MountFlags.MS_SHARED | Interop.MountFlags.MS_REC, 0) != 0)
            throw SystemCallException.FromLastError($"making {RunDirectory} a shared mount", LinuxCapability.SysAdmin);
    }

    private static void RunOnThrowawayThread(Action work)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { work(); }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true, Name = "netns create" };
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw failure;
    }
}
