using Tapyard.Hypervisors.Libvirt;
using Tapyard.Lab.Libvirt;

namespace Tapyard.Hypervisors.Tests.Support;

/// <summary>
/// <see cref="DriverWorld"/> with a libvirtd of its own running in node n1's namespace (private mount
/// namespace and directories: the host's libvirt is untouched) and a <see cref="LibvirtDriver"/> on it.
/// The daemon, with every domain it runs, is stopped by PID on dispose.
/// </summary>
public sealed class LibvirtWorld : IDisposable
{
    private readonly TempDirectory _libvirt;

    /// <param name="libvirtManagesNics">The driver lets libvirt create the macvtaps (type='direct') instead of plugging them.</param>
    public LibvirtWorld(string purpose, IGuestBootProvider? boot = null, bool libvirtManagesNics = false)
    {
        World = new DriverWorld(purpose, boot);
        _libvirt = new TempDirectory($"{purpose}-libvirtd");
        try
        {
            Daemon = PrivateLibvirtd.Start(_libvirt.Path, World.Node.Name);
            Driver = new LibvirtDriver(World.Store, new LibvirtDriverOptions { Uri = Daemon.Uri, RuntimeDirectory = World.RunDirectory, Boot = boot, LibvirtManagesNics = libvirtManagesNics });
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DriverWorld World { get; }
    public PrivateLibvirtd Daemon { get; } = null!;
    public LibvirtDriver Driver { get; } = null!;

    /// <summary>The pid of the QEMU libvirtd runs for <paramref name="instance"/> (libvirt's pid file), else null.</summary>
    public int? QemuPid(string instance)
    {
        string file = Path.Combine(Daemon.Directory, "run", "qemu", instance + ".pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out int pid) ? pid : null;
    }

    /// <summary>The UUIDs of the domains libvirtd runs.</summary>
    public IReadOnlyList<string> Domains() =>
        new Virsh(Daemon.Uri).Run(["list", "--all", "--uuid"]).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose()
    {
        try { Daemon?.Dispose(); }
        finally
        {
            World.Dispose();
            _libvirt.Dispose();
        }
    }
}
