using Tapyard.Core.Errors;
using Tapyard.Lab.Guest;

namespace Tapyard.Lab.Tests.Guest;

[Trait("Category", "Kernel")]
public class GuestImageBuildTests
{
    [Fact]
    public void A_package_apt_cannot_download_fails_with_one_line_and_leaves_no_image_or_build_directory()
    {
        Root.Require();
        using var cache = new TempDirectory("guest-cache");
        var progress = new List<string>();

        var e = Assert.Throws<TapyardException>(() => GuestImage.Ensure(cache.Path, "linux-image-6.1.0-0-amd64", progress.Add));

        Assert.StartsWith("guest image: could not download linux-image-6.1.0-0-amd64 (", e.Message);
        Assert.EndsWith("); run as root on a machine with Debian's package sources", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(["guest image: downloading linux-image-6.1.0-0-amd64..."], progress);
        Assert.Equal([".lock"], Directory.EnumerateFileSystemEntries(cache.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Two_builders_at_once_build_once_replacing_a_half_built_image_and_a_dead_builders_leftovers()
    {
        Root.Require();
        string package = NewestPackageOrFail();
        string version = package["linux-image-".Length..];
        using var cache = new TempDirectory("guest-cache");
        // A crash's leftovers: an image directory without its stamp, and a build directory.
        string half = Path.Combine(cache.Path, version);
        Directory.CreateDirectory(half);
        File.WriteAllText(Path.Combine(half, GuestImage.KernelFile), "truncated");
        Directory.CreateDirectory(Path.Combine(cache.Path, ".build-dead"));
        var progress = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var builders = Enumerable.Range(0, 2).Select(_ => Task.Run(() => GuestImage.Ensure(cache.Path, package, progress.Enqueue))).ToArray();
        var images = builders.Select(b => b.GetAwaiter().GetResult()).ToList();

        Assert.Single(progress, line => line.StartsWith("guest image: downloading", StringComparison.Ordinal));
        Assert.All(images, image => Assert.Equal(half, image.Directory));
        Assert.Equal([".lock", version], Directory.EnumerateFileSystemEntries(cache.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([GuestImage.InitrdFile, GuestImage.StampFile, GuestImage.KernelFile],
            Directory.EnumerateFiles(half).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(new FileInfo(images[0].KernelPath).Length > 1_000_000);
        // The initramfs is a gzip'd newc cpio holding /init, busybox and the virtio-net modules.
        string listing = CpioListing(images[0].InitrdPath);
        foreach (string entry in new[] { "init", "bin/busybox", "lib/modules/virtio_net.ko", "lib/modules/virtio_pci.ko", "lib/modules/net_failover.ko" })
            Assert.Contains(entry, listing.Split('\n'));
    }

    private static string NewestPackageOrFail()
    {
        var start = new System.Diagnostics.ProcessStartInfo("apt-cache") { RedirectStandardOutput = true };
        start.ArgumentList.Add("pkgnames");
        start.ArgumentList.Add("linux-image-6.1.0-");
        using var process = System.Diagnostics.Process.Start(start)!;
        string names = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return GuestImage.NewestKernelPackage(names.Split('\n', StringSplitOptions.TrimEntries))
            ?? throw new Xunit.Sdk.XunitException("apt-cache knows no linux-image-6.1.0-*-amd64: run on Debian 12 with its package sources (apt-get update)");
    }

    /// <summary>`gzip -dc | cpio -t` through .NET's GZipStream and cpio's stdin.</summary>
    private static string CpioListing(string initrd)
    {
        var start = new System.Diagnostics.ProcessStartInfo("cpio") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-t");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using (var gzip = new System.IO.Compression.GZipStream(File.OpenRead(initrd), System.IO.Compression.CompressionMode.Decompress))
            gzip.CopyTo(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        process.WaitForExit();
        return output.GetAwaiter().GetResult();
    }
}
