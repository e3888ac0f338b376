namespace Tapyard.Hypervisors.Libvirt;

/// <summary>A libvirt domain as data, written by <see cref="LibvirtDomainXml"/>.</summary>
public sealed record LibvirtDomain
{
    /// <summary>"kvm" with hardware acceleration, "qemu" for TCG (the only one that boots here, PLATFORM.md).</summary>
    public const string Kvm = "kvm";
    public const string Qemu = "qemu";

    /// <summary>The domain type for the accelerator the QEMU driver would pick: kvm only with real KVM (never the PVM flavour of /dev/kvm).</summary>
    public static string TypeFor(Hypervisors.Qemu.QemuAccelerator accelerator) => accelerator.IsKvm ? Kvm : Qemu;

    public required string Name { get; init; }
    public required Guid Uuid { get; init; }
    public required int MemoryMiB { get; init; }
    public required int Vcpus { get; init; }
    public string DomainType { get; init; } = Kvm;
    /// <summary>null: no direct kernel boot (libvirt's default boot order).</summary>
    public LibvirtKernelBoot? Boot { get; init; }
    /// <summary>The serial console as a unix socket libvirt's QEMU listens on; null: a pty.</summary>
    public string? SerialSocket { get; init; }
    /// <summary>A file QEMU copies everything the serial console prints into (&lt;log file=.../&gt;); needs <see cref="SerialSocket"/>.</summary>
    public string? SerialLog { get; init; }
    /// <summary>Appends to <see cref="SerialLog"/> instead of truncating it (a migration's target QEMU continues the source's log).</summary>
    public bool SerialLogAppend { get; init; }
    /// <summary>The QEMU binary; null: libvirt's default for the domain type.</summary>
    public string? Emulator { get; init; }
    public IReadOnlyList<LibvirtInterface> Interfaces { get; init; } = [];
}
