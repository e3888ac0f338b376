using Tapyard.Linux;
using Tapyard.Linux.Namespaces;
using Tapyard.Node.AntiSpoof;

namespace Tapyard.Node.Modes;

/// <summary>What every mode's plugger works with on one node: its records, its namespace and netlink, and the helpers for OVS and anti-spoofing.</summary>
internal sealed record NodeContext(
    string Node,
    NicRecords Records,
    Rtnetlink Netlink,
    NetworkNamespace Namespace,
    string RuntimeDirectory,
    OvsSwitch Ovs,
    SpoofGuard Spoof);
