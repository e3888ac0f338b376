using Tapyard.Linux.Bpf;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.TrafficControl;

/// <summary>
/// eBPF tc filters on a device's clsact qdisc, over rtnetlink: a program is handed to the kernel by
/// its fd, which only netlink can carry (the tc program would need an object file or a pin).
/// </summary>
public sealed class TcFilterOperations
{
    private readonly NetlinkSocket _socket;
    private readonly LinkOperations _links;

    internal TcFilterOperations(NetlinkSocket socket, LinkOperations links)
    {
        _socket = socket;
        _links = links;
    }

    /// <summary>
    /// Gives the device a clsact qdisc unless it has a clsact or an ingress qdisc already (an
    /// admin's ingress qdisc is kept: ingress filters attach to it, egress filters cannot).
    /// </summary>
    public void EnsureClsact(int ifindex)
    {
        if (HookQdisc(ifindex) is not null)
            return;
        try
        {
            _socket.Execute(w => TcRequests.AddClsact(w, ifindex), $"adding a clsact qdisc to {DeviceName(ifindex)}");
        }
        catch (NetlinkException e) when (e.Errno == LinuxErrno.EEXIST && HookQdisc(ifindex) is not null)
        {
            // Made by someone else between the look and the add: just as good.
        }
        catch (NetlinkException e)
        {
            throw Translate(e, ifindex);
        }
    }

    /// <summary>
    /// Attaches <paramref name="program"/> in direct-action mode at <paramref name="priority"/> on the
    /// hook, replacing the filter already there. A Tapyard bpf filter is replaced in place
    /// (NLM_F_REPLACE with handle 1: the old program runs until the new one takes over); another kind
    /// of filter at that priority (the kernel refuses to mix kinds) is deleted first and then added,
    /// unless <paramref name="replaceOtherKinds"/> is false (a device that is not Tapyard's own: its
    /// filters are someone else's), when the attach fails naming the priority.
    /// </summary>
    public void AttachBpf(int ifindex, TcHook hook, ushort priority, BpfProgram program, bool replaceOtherKinds = true)
    {
        ValidatePriority(priority);
        string device = ExistingDevice(ifindex);
        RequireQdisc(ifindex, hook, device);
        string what = $"attaching eBPF program {program.Name} to {device} {TcConstants.Name(hook)} at priority {priority}";
        try
        {
            Attach(ifindex, hook, priority, program, what);
        }
        // EINVAL with no bpf filter at that priority: another kind is there (the kernel will not mix
        // kinds at one priority). With a bpf filter there, EINVAL has another cause: keep that filter.
        catch (NetlinkException e) when (e.Errno == LinuxErrno.EINVAL && replaceOtherKinds
            && !ListBpf(ifindex, hook).Any(filter => filter.Priority == priority) && DeleteFilterQuietly(ifindex, hook, priority))
        {
            try
            {
                Attach(ifindex, hook, priority, program, what);
            }
            catch (NetlinkException again)
            {
                throw Translate(again, ifindex);
            }
        }
        catch (NetlinkException e)
        {
            throw Translate(e, ifindex);
        }
    }

    /// <summary>Deletes every filter at <paramref name="priority"/> on the hook; false when there was none (or no qdisc).</summary>
    public bool DeleteFilter(int ifindex, TcHook hook, ushort priority)
    {
        ValidatePriority(priority);
        try
        {
            return DeleteFilterOrThrow(ifindex, hook, priority);
        }
        catch (NetlinkException e)
        {
            throw Translate(e, ifindex);
        }
    }

    /// <summary>The eBPF filters on the hook, in priority order (filters of other kinds are left out).</summary>
    public IReadOnlyList<TcBpfFilter> ListBpf(int ifindex, TcHook hook)
    {
        string device = ExistingDevice(ifindex);
        if (HookQdisc(ifindex) is not { } kind || (hook == TcHook.Egress && kind != TcConstants.ClsactKind))
            return [];
        var request = new NetlinkMessageWriter(64);
        TcRequests.DumpFilters(request, ifindex, hook);
        var filters = new List<TcBpfFilter>();
        try
        {
            _socket.Dump(request, $"listing the {TcConstants.Name(hook)} filters of {device}", message =>
            {
                if (message.Type == NetlinkMessageType.NewFilter && TcMessageParser.ParseBpfFilter(message, hook) is { } filter)
                    filters.Add(filter);
            });
        }
        catch (NetlinkException e)
        {
            throw Translate(e, ifindex);
        }
        return filters.OrderBy(filter => filter.Priority).ToList();
    }

    /// <summary>Deletes the device's clsact qdisc with every filter on it; false when it has none (an ingress qdisc is not a clsact and is left).</summary>
    public bool DeleteClsact(int ifindex)
    {
        if (HookQdisc(ifindex) != TcConstants.ClsactKind)
            return false;
        try
        {
            _socket.Execute(w => TcRequests.DeleteClsact(w, ifindex), $"deleting the clsact qdisc of {DeviceName(ifindex)}");
            return true;
        }
        catch (NetlinkException e) when (e.Errno is LinuxErrno.ENOENT or LinuxErrno.EINVAL)
        {
            return false;
        }
        catch (NetlinkException e)
        {
            throw Translate(e, ifindex);
        }
    }

    /// <summary>The kind of the device's qdisc at the clsact/ingress slot ("clsact", "ingress"), or null when it has none.</summary>
    public string? HookQdisc(int ifindex)
    {
        var request = new NetlinkMessageWriter(64);
        TcRequests.DumpQdiscs(request, ifindex);
        string? kind = null;
        try
        {
            _socket.Dump(request, $"listing the qdiscs of {DeviceName(ifindex)}", message =>
            {
                if (message.Type == NetlinkMessageType.NewQdisc && TcMessageParser.ParseQdisc(message) is { } qdisc
                    && qdisc.Index == ifindex && qdisc.Parent == TcConstants.ClsactParent)
                    kind = qdisc.Kind;
            });
        }
        catch (NetlinkException e)
        {
            throw Translate(e, ifindex);
        }
        return kind;
    }

    private void Attach(int ifindex, TcHook hook, ushort priority, BpfProgram program, string what) =>
        _socket.Execute(w => TcRequests.AttachBpf(w, ifindex, hook, priority, program.FileDescriptor, program.Name), what);

    private bool DeleteFilterOrThrow(int ifindex, TcHook hook, ushort priority)
    {
        // Measured: an ingress qdisc resolves ffff:fff3 to its own (ingress) filters, so an egress
        // delete sent to it would remove an ingress filter. Only a clsact has egress filters.
        if (hook == TcHook.Egress && HookQdisc(ifindex) != TcConstants.ClsactKind)
            return false;
        string device = DeviceName(ifindex);
        try
        {
            _socket.Execute(w => TcRequests.DeleteFilter(w, ifindex, hook, priority),
                $"deleting the {TcConstants.Name(hook)} filter at priority {priority} of {device}");
            return true;
        }
        // ENOENT: nothing at that priority. EINVAL: no qdisc to hold filters (or, on an ingress-only device, no egress).
        catch (NetlinkException e) when (e.Errno == LinuxErrno.ENOENT
            || (e.Errno == LinuxErrno.EINVAL && HookQdisc(ifindex) is var kind && (kind is null || (hook == TcHook.Egress && kind != TcConstants.ClsactKind))))
        {
            return false;
        }
    }

    private bool DeleteFilterQuietly(int ifindex, TcHook hook, ushort priority)
    {
        try
        {
            return DeleteFilterOrThrow(ifindex, hook, priority);
        }
        catch (NetlinkException)
        {
            return false;
        }
    }

    /// <summary>
    /// A filter needs a qdisc to hang on; and an egress filter needs a clsact: an ingress qdisc would
    /// take ffff:fff3 as one of its own and run the filter on what the device receives.
    /// </summary>
    private void RequireQdisc(int ifindex, TcHook hook, string device)
    {
        string? kind = HookQdisc(ifindex);
        if (kind is null)
            throw new TrafficControlException(
                $"cannot attach a filter to {device} {TcConstants.Name(hook)}: it has no clsact qdisc; add one first (EnsureClsact, or `tc qdisc add dev {device} clsact`)");
        if (hook == TcHook.Egress && kind != TcConstants.ClsactKind)
            throw new TrafficControlException(
                $"cannot attach an egress filter to {device}: it has an {kind} qdisc, which has no egress hook; replace it with clsact (`tc qdisc del dev {device} ingress`, then `tc qdisc add dev {device} clsact` and re-add its filters)");
    }

    private static void ValidatePriority(ushort priority)
    {
        if (priority == 0)
            throw new TrafficControlException("tc filter priority 0 lets the kernel choose one; give Tapyard's filters an explicit priority (TcPriorities)");
    }

    private TapyardLinuxException Translate(NetlinkException e, int ifindex) => e.Errno switch
    {
        LinuxErrno.ENODEV => new LinkNotFoundException($"with index {ifindex}"),
        LinuxErrno.EPERM => Permission.Netlink(e),
        _ => new TrafficControlException(e.Message, e),
    };

    /// <summary>The device's name; <see cref="LinkNotFoundException"/> when there is no device with that index.</summary>
    private string ExistingDevice(int ifindex) =>
        _links.TryGet(ifindex)?.Name ?? throw new LinkNotFoundException($"with index {ifindex}");

    private string DeviceName(int ifindex)
    {
        try
        {
            return _links.TryGet(ifindex)?.Name ?? $"device {ifindex} (gone)";
        }
        catch (NetlinkException)
        {
            return $"device {ifindex}";
        }
    }
}
