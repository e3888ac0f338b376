namespace Tapyard.Core.Store;

/// <summary>Where volatile state (device nodes, sockets) lives: the option, else TAPYARD_RUN_DIR, else /run/tapyard.</summary>
public static class RuntimeDirectory
{
    public const string EnvironmentVariable = "TAPYARD_RUN_DIR";
    public const string Default = "/run/tapyard";

    /// <summary>
    /// The files of the libvirtd Tapyard runs for <paramref name="node"/> (`node libvirtd`): its private
    /// /etc/libvirt, /run/libvirt (with libvirt-sock), state and logs. The libvirt driver looks here.
    /// </summary>
    public static string LibvirtDaemonOf(string runtimeDirectory, string node) => Path.Combine(runtimeDirectory, "libvirt", node);

    /// <summary>The socket of that libvirtd.</summary>
    public static string LibvirtSocketOf(string runtimeDirectory, string node) => Path.Combine(LibvirtDaemonOf(runtimeDirectory, node), "run", "libvirt-sock");

    /// <summary>An absolute path; an empty option or variable counts as not given.</summary>
    public static string Resolve(string? fromOption) =>
        DirectoryChoice.Resolve(fromOption, EnvironmentVariable, Default);
}
