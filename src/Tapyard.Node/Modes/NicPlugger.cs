using System.Net;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Node.AntiSpoof;

namespace Tapyard.Node.Modes;

/// <summary>
/// One NIC mode on one node. Every plugger keeps the same discipline: reserve a name with its
/// prefix, write the record (with everything needed to undo the plug) before the device exists,
/// and undo in <see cref="AfterDelete"/> once the device is gone; the record goes last.
/// </summary>
internal abstract class NicPlugger(NodeContext node)
{
    protected NodeContext Node { get; } = node;

    public abstract NicMode Mode { get; }

    /// <summary>Device name prefix: unique per mode, so a device's name tells which mode made it (none for mode tap, whose devices the caller names).</summary>
    public abstract string Prefix { get; }

    /// <summary>The link kind of the devices this mode makes (macvtap, or tun for taps).</summary>
    public abstract string LinkKind { get; }

    /// <summary>The nftables hook that sees the frames the guest sends on this mode's device.</summary>
    public abstract SpoofHook SpoofHook { get; }

    /// <summary>Checks that need no kernel state (IP present, VLAN supported): a refusal here changes nothing. Returns the reason, or null.</summary>
    public abstract string? Refusal(ResolvedNic nic);

    /// <summary>Creates the NIC's device DOWN, its record written first. On failure, whatever this call made is undone and the record removed.</summary>
    public abstract PluggedDevice Plug(Instance instance, ResolvedNic nic, int queues, Dictionary<string, LinkInfo> links, HashSet<string> namesInUse);

    /// <summary>Runs right after the device went up (routed: the kernel accepts a route only to a device that is up, and flushes it when the device goes down).</summary>
    public virtual void AfterUp(NicRecord record) { }

    /// <summary>Undoes what lives outside the device (routes, OVS ports, lower device state) once the device is gone.</summary>
    public virtual void AfterDelete(NicRecord record) { }

    /// <summary>The anti-spoofing table this record asks for, if any, forwarding to the NIC's ifb when <see cref="GuardForwardsTo"/> says so.</summary>
    public SpoofTableSpec? SpoofTableOf(NicRecord record, ResolvedNic nic) => record.SpoofTable is { } table
        ? new SpoofTableSpec(table, record.Device, SpoofHook, MacAddress.Parse(record.Mac), ParseIp(record.Ip), GuardForwardsTo(record, nic))
        : null;

    /// <summary>
    /// The ifb the anti-spoofing chain hands the guest's frames to, or null: on a device where they
    /// arrive on the receive path (a tap) and are shaped (bw_out), the ifb takes them there, and a tc
    /// redirect to it would run before the ingress chain and carry forged frames past it. A macvtap's
    /// bw_out is its root qdisc, after the egress chain on the same transmit path: nothing to forward.
    /// </summary>
    public string? GuardForwardsTo(NicRecord record, ResolvedNic nic) =>
        SpoofHook == SpoofHook.Ingress && record.SpoofTable is not null && nic.BwOut is not null ? record.Ifb : null;

    protected static IPAddress? ParseIp(string? ip) => ip is not null && IPAddress.TryParse(ip, out var address) ? address : null;

    /// <summary>
    /// Writes <paramref name="record"/>, then creates its device with the recorded ifindex. When another
    /// namespace's device took that index since it was picked (<paramref name="indexTaken"/>), picks
    /// again, records it first, and retries. Durable before the device exists: a crash from here on
    /// leaves a record, never an unknown device. Returns the device and the record as finally written.
    /// </summary>
    protected (T Device, NicRecord Record) CreateRecorded<T>(NicRecord record, Func<int, T> create, Func<TapyardLinuxException, bool> indexTaken)
    {
        for (int attempt = 1; ; attempt++)
        {
            Node.Records.Write(record);
            try
            {
                return (create(record.Ifindex), record);
            }
            catch (TapyardLinuxException e) when (attempt < IfindexAttempts && indexTaken(e))
            {
                record = record with { Ifindex = IfindexAllocator.Shared.Pick() };
            }
        }
    }

    private const int IfindexAttempts = 5;

    /// <summary>The record every mode starts from.</summary>
    protected NicRecord NewRecord(Instance instance, ResolvedNic nic, string device, MacAddress mac) => new()
    {
        Instance = instance.Name, InstanceUuid = instance.Uuid, NicIndex = nic.Index, NicUuid = nic.Uuid,
        Mode = NicNames.Of(Mode), Device = device, Ifindex = IfindexAllocator.Shared.Pick(), Mac = mac.ToString(),
        Node = Node.Node, CreatedAt = DateTimeOffset.UtcNow, ProcessId = Environment.ProcessId,
        Ip = nic.Ip, SpoofTable = nic.SpoofCheck ? SpoofGuard.TableOf(device) : null,
    };
}
