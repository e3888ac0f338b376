namespace Tapyard.Linux.Tap;

/// <summary>How each queue fd is set up. The defaults suit QEMU's virtio-net (virtio 1.0 header, 12 bytes).</summary>
public sealed record TapQueueOptions
{
    public const string RuntimeDirectoryVariable = "TAPYARD_RUN_DIR";
    public const string DefaultRuntimeDirectoryPath = "/run/tapyard";

    public static TapQueueOptions Default { get; } = new();

    /// <summary>IFF_VNET_HDR: each frame is preceded by a virtio-net header (QEMU needs it for offloads).</summary>
    public bool VnetHeader { get; init; } = true;

    /// <summary>
    /// TUNSETVNETHDRSZ: 12 for virtio 1.0 / mergeable receive buffers (struct virtio_net_hdr_mrg_rxbuf),
    /// 10 for the legacy header. Ignored when <see cref="VnetHeader"/> is off.
    /// </summary>
    public int VnetHeaderSize { get; init; } = 12;

    /// <summary>IFF_MULTI_QUEUE, set explicitly (a macvtap fd's default may differ from what the caller expects).</summary>
    public bool MultiQueue { get; init; } = true;

    public TapOffloads Offloads { get; init; } = TapOffloads.None;

    /// <summary>
    /// Where private macvtap device nodes are made when /dev/tapN is missing or belongs to another
    /// namespace's device (each is unlinked right after it is opened).
    /// </summary>
    public string RuntimeDirectory { get; init; } = DefaultRuntimeDirectory();

    /// <summary>How long to wait for a missing /dev/tapN to appear (udev without devtmpfs) before making a private node.</summary>
    public TimeSpan DeviceNodeWait { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>TAPYARD_RUN_DIR when set, else /run/tapyard.</summary>
    public static string DefaultRuntimeDirectory() =>
        Environment.GetEnvironmentVariable(RuntimeDirectoryVariable) is { Length: > 0 } directory
            ? directory
            : DefaultRuntimeDirectoryPath;

    internal int EffectiveHeaderSize => VnetHeader ? VnetHeaderSize : 0;

    internal TapInterfaceFlags InterfaceFlags =>
        TapInterfaceFlags.Tap | TapInterfaceFlags.NoPacketInfo
        | (VnetHeader ? TapInterfaceFlags.VnetHeader : 0)
        | (MultiQueue ? TapInterfaceFlags.MultiQueue : 0);

    internal void Validate()
    {
        if (VnetHeader && (VnetHeaderSize < TapQueue.MinimumVnetHeaderSize || VnetHeaderSize > TapQueue.MaximumVnetHeaderSize))
            throw new ArgumentOutOfRangeException(nameof(VnetHeaderSize), VnetHeaderSize,
                $"a virtio-net header is {TapQueue.MinimumVnetHeaderSize} (legacy) to {TapQueue.MaximumVnetHeaderSize} bytes; use 12 for virtio 1.0");
        if (string.IsNullOrEmpty(RuntimeDirectory))
            throw new ArgumentException("the runtime directory cannot be empty", nameof(RuntimeDirectory));
        if (DeviceNodeWait < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(DeviceNodeWait), DeviceNodeWait, "cannot wait a negative time");
    }
}
