namespace Tapyard.Linux.Vlans;

/// <summary>How a VLAN sub-interface is made.</summary>
public enum VlanBackend
{
    /// <summary>A kernel "vlan" link (CONFIG_VLAN_8021Q).</summary>
    Kernel8021Q,

    /// <summary>A veth pair whose peer and parent carry Tapyard's tc eBPF programs (VlanPrograms).</summary>
    TcBpf,
}
