using Tapyard.Linux.Errors;
using Tapyard.Linux.Tap;

namespace Tapyard.Linux.Tests.Tap;

public sealed class CharDeviceNumberTests
{
    [Theory]
    [InlineData("246:3\n", 246u, 3u)]
    [InlineData("10:200", 10u, 200u)]
    public void Parses_sysfs_text(string text, uint major, uint minor) =>
        Assert.Equal(new CharDeviceNumber(major, minor), CharDeviceNumber.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("246")]
    [InlineData("246:3:1")]
    [InlineData("a:b")]
    [InlineData("-1:3")]
    public void Anything_else_is_a_tapyard_error_naming_the_text(string text)
    {
        var error = Assert.Throws<TapyardLinuxException>(() => CharDeviceNumber.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
        Assert.Equal(LinuxErrno.EINVAL, error.Errno);
    }

    [Fact]
    public void Round_trips_through_dev_t()
    {
        var number = new CharDeviceNumber(4095, 1_048_575);
        Assert.Equal(number, CharDeviceNumber.FromDevT(number.ToDevT()));
    }
}
