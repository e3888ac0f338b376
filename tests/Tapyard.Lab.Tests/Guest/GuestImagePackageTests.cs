using Tapyard.Lab.Guest;

namespace Tapyard.Lab.Tests.Guest;

public class GuestImagePackageTests
{
    [Fact]
    public void The_newest_generic_amd64_kernel_is_chosen_by_abi_number_not_text()
    {
        string[] names =
        [
            "linux-image-6.1.0-9-amd64", "linux-image-6.1.0-56-cloud-amd64", "linux-image-6.1.0-57-rt-amd64",
            "linux-image-6.1.0-56-amd64-dbg", "linux-image-6.1.0-56-amd64-unsigned", "linux-image-6.1.0-10-amd64",
        ];
        Assert.Equal("linux-image-6.1.0-10-amd64", GuestImage.NewestKernelPackage(names));
    }

    [Fact]
    public void No_candidate_gives_null() =>
        Assert.Null(GuestImage.NewestKernelPackage(["linux-image-6.1.0-56-cloud-amd64"]));
}
