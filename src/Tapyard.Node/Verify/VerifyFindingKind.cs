namespace Tapyard.Node.Verify;

/// <summary>What `node verify` can find wrong on a node.</summary>
public enum VerifyFindingKind
{
    /// <summary>A Tapyard device (vtap* macvtap) without a live record: left by a crash or a lost record. Fixed by deleting it.</summary>
    OrphanDevice,
    /// <summary>A record whose device (same name and ifindex) is gone. Fixed by removing the record.</summary>
    RecordWithoutDevice,
    /// <summary>An empty record file: a name reserved by a plug that crashed before writing the record. Fixed by removing it.</summary>
    EmptyReservation,
    /// <summary>Two or more macvtaps with one MAC on one lower device. Fixed only when deleting orphans leaves one.</summary>
    DuplicateMac,
    /// <summary>A network connected to the node's group whose link (lower device or bridge) is missing. Never fixed here.</summary>
    MissingNetworkLink,
    /// <summary>A VLAN sub-interface nothing is stacked on and that is no bridge port. Fixed by deleting it when Tapyard made it; an admin's is only reported.</summary>
    UnusedVlan,
    /// <summary>A non-empty record file that cannot be read (a hand edit, a disk error): its device is left alone, never an orphan. Never fixed here.</summary>
    CorruptRecord,
    /// <summary>An anti-spoofing table (tapyard_DEVICE) whose device has no record: left when a crash came between deleting the device and the table. Fixed by deleting it.</summary>
    OrphanSpoofTable,
    /// <summary>A parent's tc filter untagging a VLAN whose Tapyard sub-interface is gone (deleted by hand): that VLAN's frames are dropped. Fixed by deleting the filter.</summary>
    OrphanVlanFilter,
    /// <summary>A live NIC's recorded ifb (its bw_in/bw_out shaper) is gone: the limit is off, and a guarded tap's outgoing frames are dropped. Never fixed here: plug the instance again.</summary>
    MissingIfb,
}
