using Tapyard.Hypervisors.Qemu;

namespace Tapyard.Hypervisors.Tests.Qemu;

public sealed class QemuAcceleratorTests
{
    [Fact]
    public void Hardware_kvm_is_used()
    {
        Assert.Equal("kvm", QemuAccelerator.Decide(null, true, new HashSet<string> { "kvm_intel" }).Name);
        Assert.Equal("kvm", QemuAccelerator.Decide(null, true, new HashSet<string> { "kvm_amd" }).Name);
    }

    [Fact]
    public void Pvm_kvm_falls_back_to_tcg()
    {
        var choice = QemuAccelerator.Decide(null, true, new HashSet<string> { "kvm_pvm" });
        Assert.Equal("tcg", choice.Name);
        Assert.Contains("PVM", choice.Reason);
    }

    [Fact]
    public void No_dev_kvm_or_no_vendor_module_means_tcg()
    {
        Assert.Equal("tcg", QemuAccelerator.Decide(null, false, new HashSet<string> { "kvm_intel" }).Name);
        Assert.Equal("tcg", QemuAccelerator.Decide(null, true, new HashSet<string>()).Name);
    }

    [Fact]
    public void A_request_wins_and_a_bad_one_is_refused()
    {
        Assert.Equal("kvm", QemuAccelerator.Decide("kvm", false, new HashSet<string>()).Name);
        Assert.Equal("tcg", QemuAccelerator.Decide("tcg", true, new HashSet<string> { "kvm_intel" }).Name);
        var e = Assert.Throws<HypervisorException>(() => QemuAccelerator.Decide("xen", true, new HashSet<string>()));
        Assert.Equal("unknown QEMU accelerator 'xen' in TAPYARD_QEMU_ACCEL; use kvm or tcg", e.Message);
    }

    [Fact]
    [Trait("Category", "Kernel")]
    public void This_machine_runs_guests_under_tcg_because_its_kvm_is_pvm()
    {
        // PLATFORM.md: /dev/kvm here is the PVM flavour. Where a host has hardware KVM this fact differs: the test says so.
        Assert.True(Directory.Exists("/sys/module/kvm_pvm"), "this test describes the project's machine (kvm_pvm loaded); elsewhere drop it");
        Assert.Equal("tcg", QemuAccelerator.Detect().Name);
    }
}
