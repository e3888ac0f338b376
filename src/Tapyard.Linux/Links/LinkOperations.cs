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
    private readonly NetlinkSocket _socket;

    internal LinkOperations(NetlinkSocket socket) => _socket = socket;

    /// <summary>
    /// Test seam: runs in <see cref="DeleteMany"/> after the links joined the deletion group and before
    /// the group is deleted; a NetlinkException thrown here stands in for the kernel refusing the delete.
    /// </summary>
    internal Action<uint>? BeforeGroupDelete { get; set; }

    /// <summary>
    /// Test seam: sees every link the kernel reports during a create, before it is used: the echoes
    /// of the creates, then the links read back after configuring (addr-gen-mode, up).
    /// </summary>
    internal Action<LinkInfo>? EchoObserved { get; set; }

    /// <summary>
    /// Creates the link and returns what the kernel reports about it. Either the link ends up as
    /// specified or (when a step after the create fails) it is deleted again.
    /// </summary>
    public LinkInfo Create(LinkSpec spec) => CreateAll([spec])[0];

    /// <summary>
    /// Creates many links with one netlink round trip per <see cref="CreateBatchSize"/> links instead
    /// of one per link (plugging every NIC of a node at start). All specs are validated first. When
    /// anything fails (the kernel refuses a link, a reply cannot be read), the links this call did
    /// create are deleted again and the error is thrown with its own type, naming the link that
    /// failed, so the call creates all or nothing. Returns the links in spec order.
    /// </summary>
    public IReadOnlyList<LinkInfo> CreateMany(IReadOnlyList<LinkSpec> specs) => specs.Count == 0 ? [] : CreateAll(specs);

    private IReadOnlyList<LinkInfo> CreateAll(IReadOnlyList<LinkSpec> specs)
    {
        foreach (var spec in specs)
            Validate(spec);
        var duplicate = specs.GroupBy(spec => spec.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
            throw new InvalidLinkNameException(duplicate.Key, $"it is given to {duplicate.Count()} of the {specs.Count} links to create");
        // Hold every namespace fd a request carries (veth peers) until the last reply is read.
        var leases = new List<HandleLease>();
        try
        {
            foreach (var spec in specs)
                if (HandleLease.Take(spec.NamespaceHandle) is { } lease)
                    leases.Add(lease);
            return CreateAll(specs, ResolveLowers(specs));
        }
        finally
        {
            foreach (var lease in leases)
                lease.Dispose();
        }
    }

    /// <summary>
    /// Creates the link with an ifindex unique on the host (see <see cref="IfindexAllocator"/>), picking
    /// again when the kernel says the index is taken in this namespace. Any index in the spec is replaced.
    /// </summary>
    public LinkInfo CreateWithUniqueIndex(LinkSpec spec, IfindexAllocator? allocator = null) =>
        CreateManyWithUniqueIndexes([spec], allocator)[0];

    /// <summary>
    /// <see cref="CreateMany"/> with one block of host-unique ifindexes (see <see cref="IfindexAllocator"/>),
    /// in spec order; when the kernel says an index is taken the call was undone, and a new block is tried.
    /// </summary>
    public IReadOnlyList<LinkInfo> CreateManyWithUniqueIndexes(IReadOnlyList<LinkSpec> specs, IfindexAllocator? allocator = null)
    {
        allocator ??= IfindexAllocator.Shared;
        if (specs.Count == 0)
            return [];
        for (int attempt = 1; ; attempt++)
        {
            int first = allocator.PickBlock(specs.Count);
            try
            {
                return CreateAll(specs.Select((spec, i) => spec with { Index = first + i }).ToList());
            }
            catch (LinkIndexInUseException) when (attempt < UniqueIndexAttempts)
            {
            }
        }
    }

    private const int UniqueIndexAttempts = 5;

    /// <summary>One lookup per distinct lower device, not one per link.</summary>
    private List<int?> ResolveLowers(IReadOnlyList<LinkSpec> specs)
    {
        var resolved = new Dictionary<string, int?>(StringComparer.Ordinal);
        return specs.Select(spec => spec switch
        {
            MacvlanLinkSpec { LowerIndex: { } index } => index,
            VlanLinkSpec { LowerIndex: { } index } => index,
            { LowerDevice: { } name } => resolved.TryGetValue(name, out var index) ? index : resolved[name] = ResolveLower(spec),
            _ => null,
        }).ToList();
    }

    private IReadOnlyList<LinkInfo> CreateAll(IReadOnlyList<LinkSpec> specs, List<int?> lowers)
    {
        // Per spec: the create's errno once its ACK is read (0: created); NoReply until then.
        var outcomes = new int[specs.Count];
        Array.Fill(outcomes, NoReply);
        var echoes = new List<LinkInfo>(specs.Count);
        int? failed = null;
        try
        {
            for (int start = 0; start < specs.Count; start += CreateBatchSize)
            {
                int end = Math.Min(specs.Count, start + CreateBatchSize);
                try
                {
                    // NLM_F_ECHO: the kernel sends each new link back, so we learn its ifindex without a GET.
                    _socket.Execute(w =>
                    {
                        for (int i = start; i < end; i++)
                            LinkRequests.Create(w, specs[i], lowers[i], NetlinkFlags.Echo);
                    }, end - start == 1 ? Describe(specs[start]) : $"creating {end - start} links ({specs[start].Name}..{specs[end - 1].Name})",
                        message =>
                        {
                            if (message.Type != NetlinkMessageType.NewLink)
                                return;
                            var link = LinkMessageParser.Parse(message);
                            EchoObserved?.Invoke(link);
                            echoes.Add(link);
                        }, outcomes.AsSpan(start, end - start));
                }
                catch (NetlinkException e) when (e.MessageIndex is not null || end - start == 1)
                {
                    failed = start + (e.MessageIndex ?? 0);
                    throw TranslateCreateError(specs[failed.Value], lowers[failed.Value], e);
                }
            }
            // Kernels before 6.3 ignore NLM_F_ECHO on RTM_NEWLINK: read those links back by name.
            var created = MatchCreated(specs, echoes, ReadBack);
            return ConfigureAfterCreate(specs, created);
        }
        catch (Exception e)
        {
            var (deleted, left) = UndoCreate(specs, outcomes, echoes);
            if (e is not TapyardLinuxException error)
                throw;
            if (failed is null && e is NetlinkException refused)
                error = Permission.Netlink(refused, specs.Count == 1 ? $"configuring new {specs[0].Kind} {specs[0].Name}" : null);
            string kept = left.Count == 0 ? "" : $"; {Names(left)} could not be deleted and {(left.Count == 1 ? "is" : "are")} left behind";
            if (specs.Count == 1)
            {
                if (deleted > 0 || left.Count > 0)
                    error.WithNote($"{specs[0].Name} was {(left.Count == 0 ? "deleted again" : "created but could not be deleted")}");
            }
            else
            {
                string which = failed is { } f ? $"link {f + 1} of {specs.Count} ({specs[f].Name}) failed; " : "";
                error.WithNote($"{which}none of the {specs.Count} links were kept (the {deleted} created were deleted again){kept}");
            }
            if (ReferenceEquals(error, e))
                throw;
            throw error;
        }
    }

    private const int NoReply = -1;

    /// <summary>
    /// Pairs each spec with the link the kernel made for it, by name (one echo per create on kernels
    /// from 6.3; none before). Links without an echo are read back through <paramref name="readBack"/>
    /// with one call for all of them. Throws when a spec still has no link: the caller undoes the create.
    /// </summary>
    internal static IReadOnlyList<LinkInfo> MatchCreated(
        IReadOnlyList<LinkSpec> specs, IEnumerable<LinkInfo> echoes, Func<IReadOnlyList<string>, IReadOnlyList<LinkInfo>> readBack)
    {
        var echoed = new Dictionary<string, LinkInfo>(StringComparer.Ordinal);
        foreach (var echo in echoes)
            echoed[echo.Name] = echo;
        var matched = new LinkInfo?[specs.Count];
        var missing = new List<string>();
        for (int i = 0; i < specs.Count; i++)
        {
            if (echoed.TryGetValue(specs[i].Name, out var link))
                matched[i] = link;
            else
                missing.Add(specs[i].Name);
        }
        if (missing.Count > 0)
        {
            var read = new Dictionary<string, LinkInfo>(StringComparer.Ordinal);
            foreach (var link in readBack(missing))
                read[link.Name] = link;
            for (int i = 0; i < specs.Count; i++)
                matched[i] ??= read.GetValueOrDefault(specs[i].Name);
        }
        var absent = Enumerable.Range(0, specs.Count).Where(i => matched[i] is null).Select(i => specs[i].Name).ToList();
        if (absent.Count > 0)
            throw new TapyardLinuxException(
                $"the kernel created {Names(absent)} but {(absent.Count == 1 ? "it" : "they")} could not be read back (deleted or renamed meanwhile?)", LinuxErrno.ENODEV);
        return matched!;
    }

    /// <summary>Reads links by name, <see cref="CreateBatchSize"/> GETs per round trip; names that do not exist are left out.</summary>
    private IReadOnlyList<LinkInfo> ReadBack(IReadOnlyList<string> names)
    {
        var found = new List<LinkInfo>(names.Count);
        foreach (var chunk in names.Chunk(CreateBatchSize))
        {
            try
            {
                Execute(w =>
                {
                    foreach (string name in chunk)
                        LinkRequests.Get(w, 0, name);
                }, chunk.Length == 1 ? $"reading device {chunk[0]}" : $"reading {chunk.Length} new devices",
                    message => { if (message.Type == NetlinkMessageType.NewLink) found.Add(LinkMessageParser.Parse(message)); });
            }
            catch (NetlinkException e) when (e.Errno == LinuxErrno.ENODEV)
            {
                // The ones that exist were read all the same; MatchCreated reports the others.
            }
        }
        return found;
    }

    /// <summary>
    /// Deletes what a failed <see cref="CreateAll(IReadOnlyList{LinkSpec}, List{int?})"/> made: the links
    /// whose create the kernel ACKed, or (when the ACK was lost) echoed. Never a link the call did not make:
    /// a refused create's name may belong to someone else. Returns how many were deleted and the names left.
    /// </summary>
    private (int Deleted, List<string> Left) UndoCreate(IReadOnlyList<LinkSpec> specs, int[] outcomes, List<LinkInfo> echoes)
    {
        var echoed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var echo in echoes)
            echoed[echo.Name] = echo.Index;
        var ours = new List<(string Name, int Index)>();
        for (int i = 0; i < specs.Count; i++)
        {
            string name = specs[i].Name;
            bool made = outcomes[i] == 0 || (outcomes[i] == NoReply && echoed.ContainsKey(name));
            if (!made)
                continue;
            int? index = echoed.TryGetValue(name, out int known) ? known : TryGetQuietly(name)?.Index;
            if (index is { } found)
                ours.Add((name, found));
        }
        if (ours.Count == 0)
            return (0, []);
        try
        {
            DeleteMany(ours.Select(link => link.Index).ToList());
            return (ours.Count, []);
        }
        catch (Exception e) when (e is TapyardLinuxException or ObjectDisposedException)
        {
            // One by one, so one stubborn link does not keep the others.
            var left = new List<string>();
            foreach (var (name, index) in ours)
            {
                try { Delete(index); }
                catch (LinkNotFoundException) { }
                catch (Exception inner) when (inner is TapyardLinuxException or ObjectDisposedException) { left.Add(name); }
            }
            return (ours.Count - left.Count, left);
        }
    }

    private LinkInfo? TryGetQuietly(string name)
    {
        try { return TryGet(0, name); }
        catch (TapyardLinuxException) { return null; }
    }

    /// <summary>"a, b and c", or the first few and a count.</summary>
    private static string Names(IReadOnlyList<string> names) => names.Count switch
    {
        1 => names[0],
        <= 6 => $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}",
        _ => $"{string.Join(", ", names.Take(5))} and {names.Count - 5} more",
    };

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
                        EchoObserved?.Invoke(link);
                        configured[link.Index] = link;
                    });
            }
            catch (NetlinkException e) when (e.Errno == LinuxErrno.EAFNOSUPPORT
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

    /// <summary>
    /// Turns hairpin (reflective relay) on or off for bridge port <paramref name="name"/>: frames may
    /// then leave by the port they arrived on, which VEPA macvtaps behind that port need to meet.
    /// </summary>
    public void SetBridgePortHairpin(string name, bool on)
    {
        var port = Get(name);
        if (port.SlaveKind != LinkKinds.Bridge)
            throw new TapyardLinuxException($"cannot set hairpin on {name}: it is not a bridge port; enslave it to a bridge first", LinuxErrno.EINVAL);
        try
        {
            Execute(w => LinkRequests.SetBridgePortHairpin(w, port.Index, on), $"setting hairpin {(on ? "on" : "off")} on bridge port {name}");
        }
        catch (NetlinkException e) when (e.Errno == LinuxErrno.ENODEV)
        {
            throw new LinkNotFoundException(name);
        }
        catch (NetlinkException e)
        {
            throw Permission.Netlink(e);
        }
    }

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
    /// Devices the kernel cannot delete (loopback and physical devices, which have no link kind) are
    /// refused before anything changes; when the group delete fails (e.g. a tun/tap device among
    /// them), nothing is deleted and every device is put back in its own group.
    /// </summary>
    public void DeleteMany(IReadOnlyCollection<int> indexes) => DeleteMany(indexes, null);

    /// <summary>
    /// <see cref="DeleteMany(IReadOnlyCollection{int})"/> with a dump of this namespace's links the
    /// caller has just taken (a sweep that found the devices in it), so the delete needs no dump of its own.
    /// </summary>
    public void DeleteMany(IReadOnlyCollection<int> indexes, IReadOnlyList<LinkInfo>? listing)
    {
        if (indexes.Count == 0)
            return;
        if (indexes.Count == 1)
        {
            try { Delete(indexes.First()); }
            catch (LinkNotFoundException) { }
            return;
        }
        var present = (listing ?? List()).ToDictionary(link => link.Index);
        var targets = indexes.Where(present.ContainsKey).Distinct().ToList();
        if (targets.Count == 0)
            return;
        var kindless = targets.Where(index => present[index].Kind is null).Select(index => present[index].Name).ToList();
        if (kindless.Count > 0)
            throw new TapyardLinuxException(
                $"cannot delete {Names(kindless)}: the kernel deletes only devices made by a link kind, not loopback or physical devices; nothing was deleted",
                LinuxErrno.EOPNOTSUPP);
        var usedGroups = present.Values.Select(link => link.Group).ToHashSet();
        uint group;
        do
            group = (uint)RandomNumberGenerator.GetInt32(0x10000000, int.MaxValue);
        while (usedGroups.Contains(group));
        string what = $"deleting {Names(targets.Select(index => present[index].Name).ToList())}";

        try
        {
            Execute(w =>
            {
                foreach (int index in targets)
                    LinkRequests.Change(w, index, null, new LinkChange { Group = group });
            }, $"{what}: moving them into a deletion group");
        }
        // ENODEV: a link vanished between the listing and the move (deleted meanwhile, or as a veth peer).
        catch (NetlinkException e) when (e.Errno != LinuxErrno.ENODEV)
        {
            // The kernel goes on with the rest of a batch after one message fails: some links may have
            // joined the group. Put them back rather than delete only some or leave them in a hidden group.
            throw Permission.Netlink(e).WithNote(Restored(RestoreGroups(targets, present), group));
        }
        try
        {
            BeforeGroupDelete?.Invoke(group);
            Execute(w => LinkRequests.DeleteGroup(w, group), what);
        }
        catch (NetlinkException e) when (e.Errno == LinuxErrno.ENODEV)
        {
            // Every target vanished meanwhile.
        }
        catch (NetlinkException e)
        {
            var notRestored = RestoreGroups(targets, present);
            TapyardLinuxException error = e.Errno == LinuxErrno.EOPNOTSUPP
                ? new TapyardLinuxException(
                    $"{what}: the kernel cannot delete one of them ({Undeletable(targets, present)}); delete that one on its own terms", e.Errno, e)
                : Permission.Netlink(e);
            throw error.WithNote(Restored(notRestored, group));
        }
    }

    /// <summary>A hint at which devices a group delete refuses: those whose kind has no dellink (tun/tap).</summary>
    private static string Undeletable(List<int> targets, Dictionary<int, LinkInfo> present)
    {
        var taps = targets.Where(index => present[index].Kind == LinkKinds.Tun).Select(index => present[index].Name).ToList();
        return taps.Count > 0
            ? $"tun/tap {Names(taps)}: {(taps.Count == 1 ? "it goes" : "they go")} away when {(taps.Count == 1 ? "its" : "their")} fd is closed or persistence is turned off, not by RTM_DELLINK"
            : "a kind without delete support";
    }

    private static string Restored(List<string> notRestored, uint group) => notRestored.Count == 0
        ? "nothing was deleted and every device is back in its own group"
        : $"nothing was deleted, but {Names(notRestored)} could not be put back in {(notRestored.Count == 1 ? "its" : "their")} own group and {(notRestored.Count == 1 ? "is" : "are")} in device group {group}";

    /// <summary>Puts each target back in the group it had at the listing; returns the names that could not be.</summary>
    private List<string> RestoreGroups(List<int> targets, Dictionary<int, LinkInfo> present)
    {
        var outcomes = new int[targets.Count];
        Array.Fill(outcomes, NoReply);
        try
        {
            _socket.Execute(w =>
            {
                foreach (int index in targets)
                    LinkRequests.Change(w, index, null, new LinkChange { Group = present[index].Group });
            }, "putting devices back in their groups", null, outcomes);
        }
        catch (Exception e) when (e is TapyardLinuxException or ObjectDisposedException)
        {
        }
        return Enumerable.Range(0, targets.Count)
            .Where(i => outcomes[i] is not (0 or LinuxErrno.ENODEV))
            .Select(i => present[targets[i]].Name)
            .ToList();
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
                $"cannot delete device group {group}: it holds a device the kernel cannot delete (a physical, loopback or tun/tap device); nothing was deleted", e.Errno, e);
        }
        catch (NetlinkException e)
        {
            throw Permission.Netlink(e);
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
                // EEXIST: the new name is taken, here or (when moving) in the target namespace.
                LinuxErrno.EEXIST => new LinkExistsException(change.NewName ?? name ?? device, e.Errno),
                _ => Permission.Netlink(e),
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
        catch (NetlinkException e) when (e.Errno == LinuxErrno.EOPNOTSUPP)
        {
            throw new TapyardLinuxException(
                $"cannot delete device {device}: the kernel deletes only devices made by a link kind that supports it, not loopback, physical or tun/tap devices", e.Errno, e);
        }
        catch (NetlinkException e)
        {
            throw Permission.Netlink(e);
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
        _ => Permission.Netlink(e, Describe(spec)),
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
