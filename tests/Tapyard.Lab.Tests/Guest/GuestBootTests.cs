using System.Net.NetworkInformation;
using Tapyard.Lab.Guest;
using Xunit.Abstractions;

namespace Tapyard.Lab.Tests.Guest;

/// <summary>The real image booted under TCG: ready line, NIC configured by MAC, pings both ways, the console's commands.</summary>
[Trait("Category", "Kernel")]
public sealed class GuestBootTests(BootedGuest guest, ITestOutputHelper output) : IClassFixture<BootedGuest>
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_image_is_cached_complete_and_reused()
    {
        output.WriteLine($"image {guest.Image.Directory}: Ensure took {guest.ImageSeconds:0.0} s ({string.Join(" | ", guest.ImageProgress)}); boot to ready {guest.BootSeconds:0.0} s");
        Assert.Equal(Path.Combine(RepoRoot.CacheDirectory, "guest", guest.Image.KernelVersion), guest.Image.Directory);
        Assert.Matches(@"^6\.1\.0-[0-9]+-amd64$", guest.Image.KernelVersion);
        Assert.True(File.Exists(guest.Image.KernelPath) && File.Exists(guest.Image.InitrdPath));
        Assert.True(File.Exists(Path.Combine(guest.Image.Directory, GuestImage.StampFile)));

        var progress = new List<string>();
        var again = GuestImage.Ensure(RepoRoot.CacheDirectory, progress.Add);
        Assert.Equal(guest.Image.KernelPath, again.KernelPath);
        Assert.Empty(progress); // nothing rebuilt
    }

    [Fact]
    public void The_guest_prints_the_ready_line_on_its_console_log()
    {
        Assert.Contains(GuestInit.ReadyLine, File.ReadAllText(guest.LogPath));
        // A second client that connects after the line was printed still sees the guest ready (log file / probe).
        guest.Console.WaitForReady(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_guest_runs_the_debian_kernel_with_its_hostname()
    {
        Assert.Equal(new GuestCommandResult(0, guest.Image.KernelVersion), guest.Console.Run("uname -r", CommandTimeout));
        Assert.Equal(new GuestCommandResult(0, BootedGuest.Hostname), guest.Console.Run("hostname", CommandTimeout));
    }

    [Fact]
    public void Commands_report_their_output_and_exit_status()
    {
        Assert.Equal(new GuestCommandResult(3, "one\ntwo"), guest.Console.Run("echo one; echo two; (exit 3)", CommandTimeout));
        Assert.Equal(new GuestCommandResult(0, ""), guest.Console.Run("true", CommandTimeout));
    }

    [Fact]
    public void A_command_that_hangs_times_out_and_the_console_still_works()
    {
        var e = Assert.Throws<GuestConsoleException>(() => guest.Console.Run("sleep 60", TimeSpan.FromSeconds(2)));
        Assert.Contains("did not finish within 2 s", e.Message);
        Assert.Equal(new GuestCommandResult(0, "after"), guest.Console.Run("echo after", CommandTimeout));
    }

    [Fact]
    public void The_nic_with_the_configured_mac_has_its_address_and_is_up()
    {
        var nic = Assert.Single(guest.Console.Interfaces(), i => i.Mac == BootedGuest.Mac);
        Assert.Equal([$"{BootedGuest.GuestAddress}/24"], nic.Ipv4);
        Assert.Equal("up", nic.OperState);
        Assert.Equal((1, 1), (nic.RxQueues, nic.TxQueues));
        var route = guest.Console.Run("ip route", CommandTimeout);
        Assert.Contains($"default via {BootedGuest.HostAddress}", route.Output);
    }

    [Fact]
    public void The_guest_answers_pings_from_the_namespace()
    {
        using var ns = Tapyard.Linux.Namespaces.NetworkNamespace.Open(guest.Namespace.Name);
        var replies = ns.Run(() =>
        {
            using var ping = new Ping();
            return Enumerable.Range(0, 3).Select(_ => ping.Send(BootedGuest.GuestAddress, 5000).Status).ToList();
        });
        Assert.All(replies, status => Assert.Equal(IPStatus.Success, status));
    }

    [Fact]
    public void The_guest_pings_the_namespace()
    {
        var result = guest.Console.Ping(BootedGuest.HostAddress, 3);
        Assert.Equal(new GuestPingResult(3, 3), result);
    }

    [Fact]
    public void The_guest_gets_no_reply_from_an_address_nobody_has()
    {
        // The other side of the ping test: a result that can fail.
        var result = guest.Console.Ping(System.Net.IPAddress.Parse("198.51.100.99"), 2);
        Assert.Equal(0, result.Received);
    }
}
