namespace Tapyard.Linux.Bpf;

/// <summary>Offsets of the struct __sk_buff fields Tapyard's programs read (linux/bpf.h, a stable ABI).</summary>
public static class SkBuffField
{
    /// <summary>u32 vlan_present: the frame carries an 802.1Q tag in its metadata.</summary>
    public const short VlanPresent = 20;

    /// <summary>u32 vlan_tci: that tag's TCI (priority, DEI, VLAN id in the low 12 bits), host order.</summary>
    public const short VlanTci = 24;
}
