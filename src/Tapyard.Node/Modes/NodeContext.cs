using Tapyard.Linux;
using Tapyard.Linux.Namespaces;
using Tapyard.Node.AntiSpoof;
using Tapyard.Node.Vlans;

namespace Tapyard.Node.Modes;

/// <summary>What every mode's plugger works with on one node: its records, its namespace and netlink, and the helpers for OVS, anti-spoofing and VLAN sub-interfaces.</summary>
internal sealed record NodeContext(
    string Node,
    NicRecords Records,
    Rtnetlink Netlink,
    NetworkNamespace Namespace,
    string RuntimeDirectory,
    OvsSwitch Ovs,
    SpoofGuard Spoof,
    NodeVlans Vlans);
