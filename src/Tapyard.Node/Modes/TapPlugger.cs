using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Node.AntiSpoof;

namespace Tapyard.Node.Modes;

/// <summary>
/// The tap modes (bridged, routed, openvswitch): a persistent multi-queue tap with vnet_hdr, one queue
/// fd per vCPU, created DOWN with a host-unique ifindex and its record written first; the host side
/// gets the guest's MAC with a first byte of FE (as libvirt does: a bridge never takes such a port's
/// MAC as its own, and it is not the guest's) and no IPv6 address. Each mode then connects it (<see cref="Connect"/>).
/// </summary>
internal abstract class TapPlugger(NodeContext node) : NicPlugger(node)
{
    private const byte HostSideFirstByte = 0xFE;

    public override string LinkKind => LinkKinds.Tun;

    /// <summary>A queue write on a tap is the tap's receive path: the netdev ingress hook sees it.</summary>
    public override SpoofHook SpoofHook => SpoofHook.Ingress;

    /// <summary>Checks what the mode needs on the node and fills the record's mode fields; throws a TapyardException naming what is missing.</summary>
    protected abstract NicRecord Describe(NicRecord record, ResolvedNic nic, Dictionary<string, LinkInfo> links);

    /// <summary>Connects the new tap (bridge port, route, OVS port). Undone by <see cref="NicPlugger.AfterDelete"/> once the tap is gone.</summary>
    protected abstract void Connect(NicRecord record, LinkInfo tap, Dictionary<string, LinkInfo> links);

    public override PluggedDevice Plug(Instance instance, ResolvedNic nic, int queues, Dictionary<string, LinkInfo> links, HashSet<string> namesInUse)
    {
        var mac = MacAddress.Parse(nic.Mac);
        // What the mode needs is checked before a name is reserved: a refusal leaves nothing.
        var record = Describe(NewRecord(instance, nic, "", mac), nic, links);
        string device = ReserveDevice(instance, nic, namesInUse);
        record = record with { Device = device, SpoofTable = record.SpoofTable is null ? null : SpoofGuard.TableOf(device) };
        TapQueueSet? set = null;
        try
        {
            (set, record) = CreateRecorded(record, index => TapDevices.Create(Node.Namespace, new TapDeviceSpec
            {
                Name = device, Index = index, Persistent = true, Queues = queues,
                Options = new TapQueueOptions { RuntimeDirectory = Node.RuntimeDirectory, VnetHeader = true, MultiQueue = MultiQueueFor(queues) },
            }), e => e is not LinkExistsException && e.Errno is LinuxErrno.EBUSY or LinuxErrno.EEXIST);
            Node.Netlink.Links.Change(record.Ifindex, HostSideChange(mac));
            var tap = Node.Netlink.Links.Get(record.Ifindex);
            // The tap stays DOWN (the tun driver refuses the guest's writes) until SetUp; the anti-spoofing
            // tables of all the instance's NICs are installed before Plug returns, in one nft run.
            Connect(record, tap, links);
            return new PluggedDevice(record, set);
        }
        catch
        {
            set?.Dispose();
            if (set is not null)
            {
                try { Node.Netlink.Links.Delete(record.Ifindex); }
                catch (LinkNotFoundException) { }
                try { AfterDelete(record); }
                catch (TapyardException) { /* the original failure matters more */ }
            }
            Node.Records.Delete(device);
            throw;
        }
    }

    /// <summary>
    /// Whether the tap is made with IFF_MULTI_QUEUE: only for more than one queue, as libvirt and QEMU
    /// open a tap by name with IFF_MULTI_QUEUE only then, and the kernel refuses (EINVAL, measured with
    /// QEMU) a single-queue open of a multi-queue tap: a one-vCPU guest's prepared tap must open either way.
    /// </summary>
    protected virtual bool MultiQueueFor(int queues) => queues > 1;

    /// <summary>Reserves the device's name (its record file); the first free name with the mode's prefix unless the mode is told the name.</summary>
    protected virtual string ReserveDevice(Instance instance, ResolvedNic nic, HashSet<string> namesInUse) =>
        Node.Records.ReserveName(Prefix, namesInUse);

    /// <summary>How the new tap's host side is set: the guest's MAC with a first byte of FE, no IPv6 address.</summary>
    protected virtual LinkChange HostSideChange(MacAddress guest) => new() { Mac = HostSide(guest), DisableIpv6AddressGeneration = true };

    /// <summary>fe:xx:xx:xx:xx:xx from the guest's MAC.</summary>
    public static MacAddress HostSide(MacAddress guest)
    {
        Span<byte> bytes = stackalloc byte[6];
        guest.CopyTo(bytes);
        bytes[0] = HostSideFirstByte;
        return MacAddress.FromBytes(bytes);
    }
}
