namespace Tapyard.Hypervisors.Libvirt;

/// <summary>What this host offers guests, read when a domain is written (never assumed: PLATFORM.md).</summary>
public static class HostVirtualization
{
    public const string VhostNetDevice = "/dev/vhost-net";
    public const string KvmDevice = "/dev/kvm";

    /// <summary>Whether the in-kernel virtio-net backend exists (libvirt's &lt;driver name='vhost'&gt; fails without it).</summary>
    public static bool HasVhostNet => File.Exists(VhostNetDevice);

    /// <summary>kvm when /dev/kvm exists, else qemu (TCG).</summary>
    public static string DefaultDomainType => File.Exists(KvmDevice) ? LibvirtDomain.Kvm : LibvirtDomain.Qemu;
}
