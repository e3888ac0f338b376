using System.Net.Sockets;

namespace Tapyard.Linux.Addresses;

/// <summary>Which addresses a dump returns. Both fields go to the kernel, which filters (strict checking is on).</summary>
public sealed record AddressFilter
{
    public int? DeviceIndex { get; init; }
    /// <summary>InterNetwork or InterNetworkV6; null for both.</summary>
    public AddressFamily? Family { get; init; }

    /// <summary>Applied to the parsed replies too, so an older kernel that ignores the request's filter still gives the right answer.</summary>
    public bool Matches(AddressInfo address) =>
        (DeviceIndex is null || address.DeviceIndex == DeviceIndex) && (Family is null || address.Family == Family);
}
