namespace Tapyard.Linux.Tap;

/// <summary>
/// A macvtap's character device as its own namespace's sysfs reports it. The ifindex is only unique
/// within that namespace, so <see cref="SharedNodePath"/> may name another namespace's device: only
/// <see cref="Number"/> identifies this one.
/// </summary>
public sealed record MacvtapCharDevice(string Device, int Index, CharDeviceNumber Number)
{
    /// <summary>The node devtmpfs made, /dev/tap&lt;ifindex&gt;; it belongs to whichever namespace's device with that ifindex came first.</summary>
    public string SharedNodePath => $"/dev/tap{Index}";
}
