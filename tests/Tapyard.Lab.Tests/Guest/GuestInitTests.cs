using Tapyard.Lab.Guest;

namespace Tapyard.Lab.Tests.Guest;

public class GuestInitTests
{
    [Fact]
    public void The_script_reads_the_keys_the_command_line_builder_writes()
    {
        Assert.Contains($"{GuestKernelCommandLine.NicKey}=*)", GuestInit.Script);
        Assert.Contains($"{GuestKernelCommandLine.GatewayKey}=*)", GuestInit.Script);
        Assert.Contains($"{GuestKernelCommandLine.HostnameKey}=*)", GuestInit.Script);
        Assert.Contains($"echo {GuestInit.ReadyLine}", GuestInit.Script);
    }

    [Fact]
    public void Modules_load_in_the_order_virtio_net_needs() =>
        Assert.Contains("for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net; do", GuestInit.Script);

    [Fact]
    public void The_script_is_valid_sh()
    {
        // `sh -n` parses without running: a syntax error in the generated script fails here, not at boot.
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, GuestInit.Script);
            var start = new System.Diagnostics.ProcessStartInfo("busybox") { RedirectStandardError = true };
            foreach (string a in new[] { "sh", "-n", path })
                start.ArgumentList.Add(a);
            using var process = System.Diagnostics.Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"busybox sh -n: {error}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
