namespace Tapyard.Hypervisors.Libvirt;

/// <summary>Direct kernel boot (QEMU's -kernel/-initrd/-append), as Tapyard's QEMU driver boots guests.</summary>
public sealed record LibvirtKernelBoot(string Kernel, string? Initrd, string? Cmdline)
{
    /// <summary>The serial console is the guest's console (what GuestConsole talks to).</summary>
    public const string DefaultCmdline = "console=ttyS0";
}
