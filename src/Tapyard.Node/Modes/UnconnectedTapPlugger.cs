using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;

namespace Tapyard.Node.Modes;

/// <summary>
/// <see cref="NicMode.Tap"/> (Nova's plug_tap): the same persistent vnet_hdr tap as the other tap modes,
/// DOWN, host-unique ifindex, record first, anti-spoofing on the ingress hook; but named by the caller
/// (<see cref="UnconnectedTap.Name"/>), with the caller's host-side MAC, MTU and multi-queue choice (the
/// hypervisor opens it by name and must match it), and connected to nothing: whoever asked for it (the
/// Neutron agent) wires it.
/// Tapyard's own devices are told apart by their prefixes; this one has none of its own (Nova names taps
/// tap + port id), so it is Tapyard's only through its record: `node verify` never calls a record-less
/// tap* an orphan, and a plug never takes over a device of that name that has no record of this instance.
/// The instance of <see cref="NicPluggers"/> has no <see cref="UnconnectedTap"/>: it serves records (clean-up,
/// anti-spoofing); plugging takes one made with the request (<see cref="NodeNics.PlugTap"/>).
/// </summary>
internal sealed class UnconnectedTapPlugger(NodeContext node, UnconnectedTap? tap = null) : TapPlugger(node)
{
    public override NicMode Mode => NicMode.Tap;

    /// <summary>None: the caller names the device (see the class comment).</summary>
    public override string Prefix => "";

    public override string? Refusal(ResolvedNic nic) => tap is null
        ? "a tap connected to nothing is made only for a Nova tap VIF (tapyard vif plug), which names it"
        : null;

    protected override NicRecord Describe(NicRecord record, ResolvedNic nic, Dictionary<string, LinkInfo> links) => record;

    /// <summary>
    /// The requested name, if no device has it (the instance's own leftovers were swept before) and no
    /// record holds it; won against concurrent plugs by the record file's O_EXCL create.
    /// </summary>
    protected override string ReserveDevice(Instance instance, ResolvedNic nic, HashSet<string> namesInUse)
    {
        string name = tap!.Name;
        string which = $"device {name} for NIC {nic.Index} of instance {instance.Name}";
        if (Node.Records.TryRead(name) is { } owner)
            throw new TapyardException($"{which}: the name is recorded for NIC {owner.NicIndex} of instance {owner.Instance} on node {Node.Node}; unplug that first or give another devname");
        if (namesInUse.Contains(name))
            throw new TapyardException($"{which}: a device {name} already exists on node {Node.Node} and has no Tapyard record, so it is someone else's and is left alone; remove it or give another devname");
        if (!Node.Records.TryReserve(name))
            throw new TapyardException($"{which}: the name is being reserved by another plug on node {Node.Node} right now (record file {Node.Records.PathOf(name)}); retry, or run `tapyard node verify --fix` if no plug is running (it removes reservations older than 30 s)");
        return name;
    }

    protected override bool MultiQueueFor(int queues) => tap!.MultiQueue;

    protected override LinkChange HostSideChange(MacAddress guest) =>
        base.HostSideChange(guest) with { Mac = tap!.HostMac ?? HostSide(guest), Mtu = tap.Mtu };

    protected override void Connect(NicRecord record, LinkInfo tap, Dictionary<string, LinkInfo> links) { }
}
