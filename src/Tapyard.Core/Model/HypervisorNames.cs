using Tapyard.Core.Errors;

namespace Tapyard.Core.Model;

/// <summary>
/// The hypervisors an instance can run on (the config keeps the name; the CLI maps it to a driver):
/// qemu (Tapyard's own QEMU processes, the default) or libvirt (domains in a libvirtd).
/// </summary>
public static class HypervisorNames
{
    public const string Qemu = "qemu";
    public const string Libvirt = "libvirt";
    public const string Default = Qemu;

    public static IReadOnlyList<string> All { get; } = [Qemu, Libvirt];

    /// <summary>The name as given when Tapyard knows it, else one line naming <paramref name="owner"/> and the choices.</summary>
    public static string Check(string name, string owner) =>
        All.Contains(name, StringComparer.Ordinal)
            ? name
            : throw new TapyardException($"unknown hypervisor '{name}' for {owner}; use {string.Join(" or ", All)}");
}
