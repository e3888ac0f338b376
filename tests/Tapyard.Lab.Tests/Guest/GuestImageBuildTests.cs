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
}
