namespace Tapyard.Linux.Tap;

/// <summary>A tap device to create through /dev/net/tun.</summary>
public sealed record TapDeviceSpec
{
    /// <summary>The device name; null lets the kernel pick tap%d.</summary>
    public string? Name { get; init; }

    /// <summary>An explicit ifindex (TUNSETIFINDEX), unique in the target namespace.</summary>
    public int? Index { get; init; }

    /// <summary>TUNSETPERSIST: the device outlives its fds (delete it by netlink); otherwise it goes with the last fd.</summary>
    public bool Persistent { get; init; }

    /// <summary>Queue fds to open; more than one needs <see cref="TapQueueOptions.MultiQueue"/>.</summary>
    public int Queues { get; init; } = 1;

    public TapQueueOptions Options { get; init; } = TapQueueOptions.Default;
}
