using System.Security.Cryptography;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>
/// Create, get, list, change and delete links over one rtnetlink socket. Inputs are validated before
/// any syscall; kernel errors come back as typed exceptions that name the device. When the kernel's
/// errno is ambiguous (EEXIST for a name or an ifindex, EINVAL from macvlan), the cause is looked up
/// after the failure, so the message says which it was.
/// </summary>
public sealed class LinkOperations
{
    /// <summary>EAFNOSUPPORT: the device has no IPv6 state (MTU below 1280, or IPv6 off in the kernel).</summary>
    private const int AddressFamilyNotSupported = 97;

    private readonly NetlinkSocket _socket;

    internal LinkOperations(NetlinkSocket socket) => _socket = socket;

    /// <summary>
    /// Creates the link and returns what the kernel reports about it. Either the link ends up as
    /// specified or (when a step after the create fails) it is deleted again.
    /// </summary>
    public LinkInfo Create(LinkSpec spec)
    {
        Validate(spec);
        using var peerNamespace = HandleLease.Take(spec.NamespaceHandle);
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
            throw TranslateCreateError(spec, lowerIndex, e);
        }
        // Kernels before 6.3 ignore NLM_F_ECHO on RTM_NEWLINK.
        created ??= Get(spec.Name);
        try
        {
            return ConfigureAfterCreate([spec], [created])[0];
        }
        catch (NetlinkException e)
        {
            TryDelete(created.Index);
            throw e.Errno is LinuxErrno.EPERM or LinuxErrno.EACCES ? new NotPermittedException(Describe(spec), e.Errno) : e;
        }
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
            return ConfigureAfterCreate(specs, created);
        }
        catch (NetlinkException e)
        {
            DeleteMany(created.Select(link => link.Index).ToList());
            throw new TapyardLinuxException(
                $"{e.Message}; none of the {specs.Count} links were kept (the {created.Count} created were deleted again)", e.Errno, e);
        }
    }

    /// <summary>
    /// Sends what a create cannot carry (see <see cref="LinkRequests.AfterCreate"/>: addr-gen-mode
    /// none, then up) to every new link that needs it, addressed by ifindex, <see cref="CreateBatchSize"/>
    /// links per round trip, and reads those links back with a GET at the end of the same batch (the
    /// kernel handles a batch in order). Returns the links in spec order.
    /// </summary>
    private IReadOnlyList<LinkInfo> ConfigureAfterCreate(IReadOnlyList<LinkSpec> specs, IReadOnlyList<LinkInfo> created)
    {
        var pending = Enumerable.Range(0, specs.Count).Where(i => specs[i].DisableIpv6AddressGeneration).ToList();
        if (pending.Count == 0)
            return created;
        var configured = new Dictionary<int, LinkInfo>();
        foreach (var chunk in pending.Chunk(CreateBatchSize))
        {
            try
            {
                Execute(w =>
                {
                    foreach (int i in chunk)
                    {
                        LinkRequests.AfterCreate(w, created[i].Index, specs[i]);
                        LinkRequests.Get(w, created[i].Index, null);
                    }
                }, chunk.Length == 1 ? $"configuring new {specs[chunk[0]].Kind} {specs[chunk[0]].Name}" : $"configuring {chunk.Length} new links",
                    message =>
                    {
                        if (message.Type != NetlinkMessageType.NewLink)
                            return;
                        var link = LinkMessageParser.Parse(message);
                        configured[link.Index] = link;
                    });
            }
            catch (NetlinkException e) when (e.Errno == AddressFamilyNotSupported
                && chunk.All(i => configured.TryGetValue(created[i].Index, out var link) && (!specs[i].Up || link.IsUp)))
            {
                // A device without IPv6 (MTU below 1280) cannot get a link-local address either, which
                // is what addr-gen-mode none is for; the kernel went on with the rest of the batch.
            }
        }
        return created.Select(link => configured.GetValueOrDefault(link.Index) ?? link).ToList();
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

    /// <summary>
    /// Every link, or those matching <paramref name="filter"/>, in ifindex order. Kind and master
    /// are filtered by the kernel (strict checking is on), lower device and group here.
    /// </summary>
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
        Validate(name, change);
        // The kernel renames only a link addressed by ifindex: addressed by name, IFLA_IFNAME is the lookup key.
        if (change.NewName is { } newName && newName != name)
            Change(Get(name).Index, name, change);
        else
            Change(0, name, change);
    }

    public void Change(int index, LinkChange change)
    {
        Validate($"with index {index}", change);
        Change(index, null, change);
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
    /// that are already gone are skipped. Deleting one end of a veth deletes the other end too.
    /// </summary>
    public void DeleteMany(IReadOnlyCollection<int> indexes)
    {
        if (indexes.Count == 0)
            return;
        if (indexes.Count == 1)
        {
            try { Delete(indexes.First()); }
            catch (LinkNotFoundException) { }
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

        NetlinkException? moveFailure = null;
        try
        {
            Execute(w =>
            {
                foreach (int index in targets)
                    LinkRequests.Change(w, index, null, new LinkChange { Group = group });
            }, "moving devices into a deletion group");
        }
        catch (NetlinkException e)
        {
            // The kernel goes on with the rest of a batch after one message fails, so some links may
            // have joined the group: delete those anyway rather than leave them behind in a hidden group.
            moveFailure = e;
        }
        DeleteGroup(group);
        // ENODEV: a link vanished between the listing and the move (deleted meanwhile, or as a veth peer).
        if (moveFailure is { Errno: not LinuxErrno.ENODEV })
            throw moveFailure.Errno is LinuxErrno.EPERM or LinuxErrno.EACCES
                ? new NotPermittedException("deleting devices", moveFailure.Errno)
                : moveFailure;
    }

    /// <summary>
    /// Deletes every link in device group <paramref name="group"/> at once (`ip link del group N`).
    /// Returns false when the group had no links.
    /// </summary>
    public bool DeleteGroup(uint group)
    {
        if (group == 0)
            throw new TapyardLinuxException("refusing to delete device group 0: it holds every device not given a group");
        string operation = $"deleting device group {group}";
        try
        {
            Execute(w => LinkRequests.DeleteGroup(w, group), operation);
            return true;
        }
        catch (NetlinkException e) when (e.Errno == LinuxErrno.ENODEV)
        {
            return false;
        }
        catch (NetlinkException e) when (e.Errno == LinuxErrno.EOPNOTSUPP)
        {
            throw new TapyardLinuxException(
                $"cannot delete device group {group}: it holds a device the kernel cannot delete (a physical or loopback device); nothing was deleted", e.Errno, e);
        }
        catch (NetlinkException e) when (e.Errno is LinuxErrno.EPERM or LinuxErrno.EACCES)
        {
            throw new NotPermittedException(operation, e.Errno);
        }
    }

    private void Change(int index, string? name, LinkChange change)
    {
        string device = name ?? $"with index {index}";
        using var targetNamespace = HandleLease.Take(change.Namespace);
        try
        {
            Execute(w => LinkRequests.Change(w, index, name, change), $"changing device {device}");
        }
        catch (NetlinkException e)
        {
            throw e.Errno switch
            {
                LinuxErrno.ENODEV => new LinkNotFoundException(device),
                LinuxErrno.EPERM or LinuxErrno.EACCES => new NotPermittedException($"changing device {device}", e.Errno),
                // EEXIST: the new name is taken, here or (when moving) in the target namespace.
                LinuxErrno.EEXIST => new LinkExistsException(change.NewName ?? name ?? device, e.Errno),
                _ => e,
            };
        }
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

    private void TryDelete(int index)
    {
        try { Delete(index); }
        catch (TapyardLinuxException) { }
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
        catch (NetlinkException e) when (e.Errno is LinuxErrno.EPERM or LinuxErrno.EACCES)
        {
            throw new NotPermittedException(operation, e.Errno);
        }
    }

    private void Execute(Action<NetlinkMessageWriter> encode, string operation, NetlinkMessageHandler? handler = null) =>
        _socket.Execute(encode, operation, handler);

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
        if (spec.Mac is { } mac)
            ValidateMac(spec.Name, mac);
        foreach (var (device, otherMac) in spec.OtherMacs)
            ValidateMac(device, otherMac);
        if (spec is VlanLinkSpec { VlanId: < 1 or > 4094 } vlan)
            throw new InvalidVlanIdException(spec.Name, vlan.VlanId);
        if (spec.Index is <= 0)
            throw new TapyardLinuxException($"ifindex {spec.Index} for {spec.Name} is invalid; use a positive number or none", LinuxErrno.EINVAL);
        if (spec is VethLinkSpec { PeerIndex: <= 0 } badPeer)
            throw new TapyardLinuxException($"ifindex {badPeer.PeerIndex} for {badPeer.PeerName} is invalid; use a positive number or none", LinuxErrno.EINVAL);
        // veth_newlink copies the peer's ifi_index only when the veth's own is set; alone it would be silently ignored.
        if (spec is VethLinkSpec { PeerIndex: not null, Index: null } lonePeer)
            throw new TapyardLinuxException($"an ifindex for veth peer {lonePeer.PeerName} needs one for {lonePeer.Name} too: the kernel ignores the peer's otherwise", LinuxErrno.EINVAL);
        if (spec.TxQueues is <= 0 || spec.RxQueues is <= 0)
            throw new TapyardLinuxException($"queue counts for {spec.Name} must be positive", LinuxErrno.EINVAL);
    }

    private static void Validate(string device, LinkChange change)
    {
        if (change.NewName is { } newName)
            LinkName.Validate(newName);
        if (change.Mac is { } mac)
            ValidateMac(device, mac);
        if (change.MasterIndex is < 0)
            throw new TapyardLinuxException($"master index {change.MasterIndex} for {device} is invalid; use a bridge's index, or 0 for none", LinuxErrno.EINVAL);
    }

    private static void ValidateMac(string device, MacAddress mac)
    {
        if (mac.UnicastProblem() is { } problem)
            throw new InvalidMacAddressException(mac.ToString(), problem, device);
    }

    private static string Describe(LinkSpec spec) =>
        spec.LowerDevice is { } lower ? $"creating {spec.Kind} {spec.Name} on {lower}" : $"creating {spec.Kind} {spec.Name}";

    private TapyardLinuxException TranslateCreateError(LinkSpec spec, int? lowerIndex, NetlinkException e) => e.Errno switch
    {
        LinuxErrno.EEXIST => ExplainExists(spec, e),
        LinuxErrno.EINVAL when spec is MacvlanLinkSpec macvlan && lowerIndex is { } lower => ExplainMacvlanRefusal(macvlan, lower, e),
        // A lower device given by index that does not exist (or vanished since it was looked up).
        LinuxErrno.ENODEV when spec.LowerDevice is { } lower => new LowerDeviceMissingException(lower, spec.Name),
        LinuxErrno.EOPNOTSUPP => ExplainUnsupported(spec, e),
        LinuxErrno.EPERM or LinuxErrno.EACCES => new NotPermittedException(Describe(spec), e.Errno),
        _ => e,
    };

    /// <summary>EEXIST means the name, the veth peer's name, or the explicit ifindex is taken: say which.</summary>
    private TapyardLinuxException ExplainExists(LinkSpec spec, NetlinkException e)
    {
        if (TryGet(spec.Name) is not null)
            return new LinkExistsException(spec.Name, e.Errno);
        var veth = spec as VethLinkSpec;
        if (veth is { PeerNamespace: null } && TryGet(veth.PeerName) is not null)
            return new LinkExistsException(veth.PeerName, e.Errno);
        if (spec.Index is { } index && TryGet(index) is { } holder)
            return new LinkIndexInUseException(spec.Name, index, holder.Name, e.Errno);
        if (veth is { PeerNamespace: null, PeerIndex: { } peerIndex } && TryGet(peerIndex) is { } peerHolder)
            return new LinkIndexInUseException(veth.PeerName, peerIndex, peerHolder.Name, e.Errno);
        // Nothing here clashes, so the peer's name (or index) is taken in the peer's namespace.
        return new LinkExistsException(veth?.PeerName ?? spec.Name, e.Errno);
    }

    /// <summary>
    /// macvlan answers EINVAL, without extended-ACK text, for several causes: tell them apart by
    /// looking at the lower device and the macvtap/macvlan devices already on it.
    /// </summary>
    private TapyardLinuxException ExplainMacvlanRefusal(MacvlanLinkSpec spec, int lowerIndex, NetlinkException e)
    {
        if (TryGet(lowerIndex) is not { } lower)
            return new LowerDeviceMissingException(spec.Lower, spec.Name);
        if ((lower.Flags & InterfaceFlags.Loopback) != 0 || lower.Mac is null)
            return new TapyardLinuxException($"cannot create {spec.Name}: lower device {spec.Lower} is not an Ethernet device", e.Errno, e);
        if (spec.Mtu is { } mtu && mtu > lower.Mtu)
            return new TapyardLinuxException(
                $"cannot create {spec.Name}: MTU {mtu} is larger than lower device {spec.Lower}'s MTU {lower.Mtu}; raise the lower device's MTU first", e.Errno, e);
        var siblings = List(new LinkFilter { LowerIndex = lowerIndex })
            .Where(link => link.Kind is LinkKinds.Macvtap or LinkKinds.Macvlan)
            .ToList();
        var passthru = siblings.Where(link => link.MacvlanMode == MacvlanMode.Passthru).Select(link => link.Name).ToList();
        if (passthru.Count > 0)
            return new PassthruConflictException(spec.Name, spec.Lower, passthru, holderIsPassthru: true, e.Errno);
        if (spec.Mode == MacvlanMode.Passthru && siblings.Count > 0)
            return new PassthruConflictException(spec.Name, spec.Lower, siblings.Select(link => link.Name).ToList(), holderIsPassthru: false, e.Errno);
        // The devices in the way may have been moved to another namespace, where this socket cannot see them.
        return e.ExtendedAck is null ? new PassthruConflictException(spec.Name, spec.Lower, e.Errno) : e;
    }

    private static TapyardLinuxException ExplainUnsupported(LinkSpec spec, NetlinkException e)
    {
        if (e.ExtendedAck?.Contains("Unknown device type", StringComparison.Ordinal) == true)
        {
            string feature = spec.Kind == LinkKinds.Vlan ? "802.1Q VLAN devices" : $"{spec.Kind} devices";
            return new KernelFeatureMissingException(spec.Name, feature, LinkKinds.KernelConfigOption(spec.Kind), e.Errno);
        }
        if (spec is BridgeLinkSpec { VlanFiltering: true })
            return new KernelFeatureMissingException(spec.Name, "bridge VLAN filtering", "CONFIG_BRIDGE_VLAN_FILTERING", e.Errno);
        return e;
    }
}
