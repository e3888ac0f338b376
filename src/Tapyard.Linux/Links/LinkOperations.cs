using System.Security.Cryptography;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>
/// Create, get, list, change and delete links over one rtnetlink socket. Inputs are validated before
/// any syscall; kernel errors come back as typed exceptions that name the device.
/// </summary>
public sealed class LinkOperations
{
    private readonly NetlinkSocket _socket;
    private readonly NetlinkMessageWriter _writer = new();
    private readonly Lock _writerLock = new();

    internal LinkOperations(NetlinkSocket socket) => _socket = socket;

    public LinkInfo Create(LinkSpec spec)
    {
        Validate(spec);
        int? lowerIndex = ResolveLower(spec);
        LinkInfo? created = null;
        try
        {
            // NLM_F_ECHO: the kernel sends the new link back, so we learn its ifindex without a GET.
            Execute(w => LinkRequests.Create(w, spec, lowerIndex, NetlinkFlags.Echo), Describe(spec),
                message => { if (message.Type == NetlinkMessageType.NewLink) created ??= LinkMessageParser.Parse(message); });
        }
        catch (NetlinkException e)
        {
            throw TranslateCreateError(spec, e);
        }
        return created ?? Get(spec.Name);
    }

    /// <summary>
    /// Creates many links with one netlink round trip per <see cref="CreateBatchSize"/> links instead
    /// of one per link (plugging every NIC of a node at start). All specs are validated first. When
    /// the kernel refuses any of them, the links this call did create are deleted again and the first
    /// error is thrown, so the call creates all or nothing. Returns the links in spec order.
    /// </summary>
    public IReadOnlyList<LinkInfo> CreateMany(IReadOnlyList<LinkSpec> specs)
    {
        foreach (var spec in specs)
            Validate(spec);
        // One lookup per distinct lower device, not one per link.
        var resolved = new Dictionary<string, int?>(StringComparer.Ordinal);
        var lowers = specs.Select(spec => spec switch
        {
            MacvlanLinkSpec { LowerIndex: { } index } => index,
            VlanLinkSpec { LowerIndex: { } index } => index,
            { LowerDevice: { } name } => resolved.TryGetValue(name, out var index) ? index : resolved[name] = ResolveLower(spec),
            _ => null,
        }).ToList();
        var created = new List<LinkInfo>(specs.Count);
        try
        {
            for (int start = 0; start < specs.Count; start += CreateBatchSize)
            {
                int end = Math.Min(specs.Count, start + CreateBatchSize);
                Execute(w =>
                {
                    for (int i = start; i < end; i++)
                        LinkRequests.Create(w, specs[i], lowers[i], NetlinkFlags.Echo);
                }, $"creating {end - start} links ({specs[start].Name}..{specs[end - 1].Name})",
                    message => { if (message.Type == NetlinkMessageType.NewLink) created.Add(LinkMessageParser.Parse(message)); });
            }
        }
        catch (NetlinkException e)
        {
            DeleteMany(created.Select(link => link.Index).ToList());
            throw new TapyardLinuxException(
                $"{e.Message}; none of the {specs.Count} links were kept (the {created.Count} created were deleted again)", e.Errno, e);
        }
        return created;
    }

    /// <summary>
    /// Creates per send in <see cref="CreateMany"/>: the kernel queues every echo and ACK of a send
    /// before we can read one, and they must fit the default socket receive buffer (~425 KiB).
    /// </summary>
    private const int CreateBatchSize = 32;

    public LinkInfo Get(string name) => TryGet(name) ?? throw new LinkNotFoundException(name);

    public LinkInfo Get(int index) => TryGet(index) ?? throw new LinkNotFoundException($"with index {index}");

    public LinkInfo? TryGet(string name)
    {
        LinkName.Validate(name);
        return TryGet(0, name);
    }

    public LinkInfo? TryGet(int index) => TryGet(index, null);

    /// <summary>Every link, or those matching <paramref name="filter"/>, in ifindex order.</summary>
    public IReadOnlyList<LinkInfo> List(LinkFilter? filter = null)
    {
        var request = new NetlinkMessageWriter(64);
        LinkRequests.Dump(request, filter);
        for (int attempt = 0; ; attempt++)
        {
            var links = new List<LinkInfo>();
            bool consistent = _socket.Dump(request, "listing links", message =>
            {
                if (message.Type != NetlinkMessageType.NewLink)
                    return;
                var link = LinkMessageParser.Parse(message);
                if (filter is null || filter.Matches(link))
                    links.Add(link);
            });
            if (consistent || attempt >= 3)
                return links;
        }
    }

    public void Change(string name, LinkChange change)
    {
        LinkName.Validate(name);
        Validate(change);
        Run(w => LinkRequests.Change(w, 0, name, change), $"changing device {name}", name);
    }

    public void Change(int index, LinkChange change)
    {
        Validate(change);
        Run(w => LinkRequests.Change(w, index, null, change), $"changing device {index}", $"with index {index}");
    }

    public void SetUp(string name, bool up) => Change(name, new LinkChange { Up = up });

    /// <summary>Enslaves <paramref name="name"/> to <paramref name="master"/>, or frees it when master is null.</summary>
    public void SetMaster(string name, string? master) =>
        Change(name, new LinkChange { MasterIndex = master is null ? 0 : Get(master).Index });

    public void Delete(string name)
    {
        LinkName.Validate(name);
        Run(w => LinkRequests.Delete(w, 0, name), $"deleting device {name}", name);
    }

    public void Delete(int index) =>
        Run(w => LinkRequests.Delete(w, index, null), $"deleting device {index}", $"with index {index}");

    /// <summary>
    /// Deletes many links paying the kernel's RCU grace period once: each link joins one fresh,
    /// unused device group (one batched send), then a single RTM_DELLINK removes the group. Links
    /// that are already gone are skipped.
    /// </summary>
    public void DeleteMany(IReadOnlyCollection<int> indexes)
    {
        if (indexes.Count == 0)
            return;
        if (indexes.Count == 1)
        {
            Delete(indexes.First());
            return;
        }
        var present = List().ToDictionary(link => link.Index);
        var targets = indexes.Where(present.ContainsKey).Distinct().ToList();
        if (targets.Count == 0)
            return;
        var usedGroups = present.Values.Select(link => link.Group).ToHashSet();
        uint group;
        do
            group = (uint)RandomNumberGenerator.GetInt32(0x10000000, int.MaxValue);
        while (usedGroups.Contains(group));

        Execute(w =>
        {
            foreach (int index in targets)
                LinkRequests.Change(w, index, null, new LinkChange { Group = group });
        }, "moving devices into a deletion group");
        DeleteGroup(group);
    }

    /// <summary>Deletes every link in device group <paramref name="group"/> at once (`ip link del group N`).</summary>
    public void DeleteGroup(uint group)
    {
        if (group == 0)
            throw new TapyardLinuxException("refusing to delete device group 0: it holds every device not given a group");
        Execute(w => LinkRequests.DeleteGroup(w, group), $"deleting device group {group}");
    }

    private LinkInfo? TryGet(int index, string? name)
    {
        LinkInfo? found = null;
        try
        {
            Execute(w => LinkRequests.Get(w, index, name), $"reading device {name ?? index.ToString()}",
                message => { if (message.Type == NetlinkMessageType.NewLink) found = LinkMessageParser.Parse(message); });
        }
        catch (NetlinkException e) when (e.Errno == LinuxErrno.ENODEV)
        {
            return null;
        }
        return found;
    }

    private void Run(Action<NetlinkMessageWriter> encode, string operation, string device)
    {
        try
        {
            Execute(encode, operation);
        }
        catch (NetlinkException e) when (e.Errno == LinuxErrno.ENODEV)
        {
            throw new LinkNotFoundException(device);
        }
        catch (NetlinkException e) when (e.Errno == LinuxErrno.EPERM)
        {
            throw new NotPermittedException(operation, e.Errno);
        }
    }

    private void Execute(Action<NetlinkMessageWriter> encode, string operation, NetlinkMessageHandler? handler = null)
    {
        lock (_writerLock)
        {
            _writer.Reset();
            encode(_writer);
            _socket.Execute(_writer, operation, handler);
        }
    }

    private int? ResolveLower(LinkSpec spec)
    {
        int? known = spec switch
        {
            MacvlanLinkSpec m => m.LowerIndex,
            VlanLinkSpec v => v.LowerIndex,
            _ => null,
        };
        if (known is not null || spec.LowerDevice is null)
            return known;
        return (TryGet(spec.LowerDevice) ?? throw new LowerDeviceMissingException(spec.LowerDevice, spec.Name)).Index;
    }

    private static void Validate(LinkSpec spec)
    {
        LinkName.Validate(spec.Name);
        foreach (var other in spec.OtherNames)
            LinkName.Validate(other);
        if (spec.LowerDevice is { } lower)
            LinkName.Validate(lower);
        foreach (var mac in spec.OtherMacs.Concat(spec.Mac is { } m ? [m] : []))
        {
            if (mac.UnicastProblem() is { } problem)
                throw new InvalidMacAddressException(mac.ToString(), problem);
        }
        if (spec is VlanLinkSpec { VlanId: < 1 or > 4094 } vlan)
            throw new TapyardLinuxException($"VLAN id {vlan.VlanId} for {spec.Name} is out of range; use 1..4094", LinuxErrno.EINVAL);
        if (spec.Index is <= 0)
            throw new TapyardLinuxException($"ifindex {spec.Index} for {spec.Name} is invalid; use a positive number or none", LinuxErrno.EINVAL);
        if (spec.TxQueues is <= 0 || spec.RxQueues is <= 0)
            throw new TapyardLinuxException($"queue counts for {spec.Name} must be positive", LinuxErrno.EINVAL);
    }

    private static void Validate(LinkChange change)
    {
        if (change.NewName is { } newName)
            LinkName.Validate(newName);
        if (change.Mac is { } mac && mac.UnicastProblem() is { } problem)
            throw new InvalidMacAddressException(mac.ToString(), problem);
    }

    private static string Describe(LinkSpec spec) =>
        spec.LowerDevice is { } lower ? $"creating {spec.Kind} {spec.Name} on {lower}" : $"creating {spec.Kind} {spec.Name}";

    private static TapyardLinuxException TranslateCreateError(LinkSpec spec, NetlinkException e) => e.Errno switch
    {
        LinuxErrno.EEXIST => new LinkExistsException(spec.Name, e.Errno),
        LinuxErrno.EBUSY when spec.Index is { } index =>
            new TapyardLinuxException($"cannot create {spec.Name}: ifindex {index} is already in use; choose another index", e.Errno, e),
        LinuxErrno.EINVAL when spec is MacvlanLinkSpec macvlan && (macvlan.Mode == MacvlanMode.Passthru || e.ExtendedAck is null) =>
            new PassthruConflictException(spec.Name, macvlan.Lower, e.Errno),
        LinuxErrno.EPERM => new NotPermittedException(Describe(spec), e.Errno),
        _ => e,
    };
}
