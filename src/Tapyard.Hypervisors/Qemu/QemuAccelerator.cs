namespace Tapyard.Hypervisors.Qemu;

/// <summary>The accelerator QEMU runs with (-accel) and why it was chosen.</summary>
public sealed record QemuAccelerator(string Name, string Reason)
{
    public const string Kvm = "kvm";
    public const string Tcg = "tcg";

    /// <summary>Overrides detection: "kvm" or "tcg".</summary>
    public const string EnvironmentVariable = "TAPYARD_QEMU_ACCEL";

    public bool IsKvm => Name == Kvm;

    /// <summary>-cpu: the host's CPU under KVM; under TCG "max", every feature TCG emulates.</summary>
    public string Cpu => IsKvm ? "host" : "max";

    /// <summary>
    /// Chooses for this host: <paramref name="requested"/> (an option), else TAPYARD_QEMU_ACCEL, else
    /// what <see cref="Decide"/> makes of /dev/kvm and the loaded KVM modules.
    /// </summary>
    public static QemuAccelerator Detect(string? requested = null)
    {
        requested ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        var modules = new[] { "kvm_intel", "kvm_amd", "kvm_pvm" }.Where(m => Directory.Exists($"/sys/module/{m}")).ToHashSet();
        return Decide(string.IsNullOrEmpty(requested) ? null : requested, DevKvmUsable(), modules);
    }

    /// <summary>
    /// The choice, from facts (pure, so it is unit-tested). KVM needs /dev/kvm AND a hardware vendor
    /// module (kvm_intel or kvm_amd). The PVM flavour (kvm_pvm, "Pagetable-based Virtual Machine")
    /// also provides /dev/kvm and answers KVM_GET_API_VERSION like any KVM, but it runs only guests whose
    /// kernel is built for PVM: a stock kernel hangs at boot. So /dev/kvm alone proves nothing, and
    /// booting a probe guest costs seconds; the module list is a cheap, reliable tell read from sysfs.
    /// </summary>
    public static QemuAccelerator Decide(string? requested, bool devKvmUsable, IReadOnlySet<string> loadedModules)
    {
        if (requested is not null)
            return requested switch
            {
                Kvm or Tcg => new QemuAccelerator(requested, $"requested ({EnvironmentVariable} or option)"),
                _ => throw new HypervisorException($"unknown QEMU accelerator '{requested}' in {EnvironmentVariable}; use kvm or tcg"),
            };
        if (!devKvmUsable)
            return new QemuAccelerator(Tcg, "/dev/kvm is missing or cannot be opened");
        bool hardware = loadedModules.Contains("kvm_intel") || loadedModules.Contains("kvm_amd");
        if (loadedModules.Contains("kvm_pvm") && !hardware)
            return new QemuAccelerator(Tcg, "/dev/kvm is the PVM flavour (kvm_pvm), which hangs stock guest kernels");
        if (!hardware)
            return new QemuAccelerator(Tcg, "no hardware KVM module (kvm_intel or kvm_amd) is loaded");
        return new QemuAccelerator(Kvm, "/dev/kvm with hardware virtualization");
    }

    private static bool DevKvmUsable()
    {
        try
        {
            using var handle = File.OpenHandle("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
