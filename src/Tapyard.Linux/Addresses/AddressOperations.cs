using System.Net.Sockets;
using System.Text;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Addresses;

/// <summary>
/// Add, replace, delete and list IPv4/IPv6 addresses over one rtnetlink socket, as `ip addr` does.
/// Specs are validated before any syscall; kernel errors come back as typed exceptions that name
/// the address and the device.
/// </summary>
public sealed class AddressOperations
{
    private readonly NetlinkSocket _socket;
    private readonly LinkOperations _links;

    internal AddressOperations(NetlinkSocket socket, LinkOperations links)
    {
        _socket = socket;
        _links = links;
    }

    public void Add(string device, AddressSpec spec) => Add(Resolve(device, spec), device, spec, replace: false);

    public void Add(int deviceIndex, AddressSpec spec) => Add(deviceIndex, $"with index {deviceIndex}", spec, replace: false);

    /// <summary>Adds the address, or updates it when the device already has it (`ip addr replace`).</summary>
    public void Replace(string device, AddressSpec spec) => Add(Resolve(device, spec), device, spec, replace: true);

    public void Replace(int deviceIndex, AddressSpec spec) => Add(deviceIndex, $"with index {deviceIndex}", spec, replace: true);

    public void Delete(string device, AddressSpec spec) => Delete(Resolve(device, spec), device, spec);

    public void Delete(int deviceIndex, AddressSpec spec) => Delete(deviceIndex, $"with index {deviceIndex}", spec);

    /// <summary>The addresses of one device, optionally of one family only (`ip -4 addr show dev X`).</summary>
    public IReadOnlyList<AddressInfo> List(string device, AddressFamily? family = null) =>
        List(new AddressFilter { DeviceIndex = _links.Get(device).Index, Family = family });

    /// <summary>Every IPv4 and IPv6 address, or those matching <paramref name="filter"/>, in the kernel's order.</summary>
    public IReadOnlyList<AddressInfo> List(AddressFilter? filter = null)
    {
        if (filter?.Family is { } family)
            InetFamily.Of(family);
        var request = new NetlinkMessageWriter(64);
        AddressRequests.Dump(request, filter);
        for (int attempt = 0; ; attempt++)
        {
            var addresses = new List<AddressInfo>();
            bool consistent = _socket.Dump(request, "listing addresses", message =>
            {
                if (message.Type == NetlinkMessageType.NewAddress && AddressMessageParser.Parse(message) is { } address
                    && (filter is null || filter.Matches(address)))
                    addresses.Add(address);
            });
            // An interrupted dump (addresses changed meanwhile) may have skipped or doubled entries: read again.
            if (consistent || attempt >= 3)
                return addresses;
        }
    }

    private void Add(int deviceIndex, string device, AddressSpec spec, bool replace)
    {
        Validate(spec);
        try
        {
            Execute(w => AddressRequests.Add(w, deviceIndex, spec, replace), $"adding address {spec} to device {device}");
        }
        catch (NetlinkException e)
        {
            throw e.Errno switch
            {
                LinuxErrno.EEXIST => new AddressExistsException(spec.ToString(), device, e.Errno),
                _ => Translate(e, device, spec),
            };
        }
    }

    private void Delete(int deviceIndex, string device, AddressSpec spec)
    {
        Validate(spec);
        try
        {
            Execute(w => AddressRequests.Delete(w, deviceIndex, spec), $"deleting address {spec} from device {device}");
        }
        catch (NetlinkException e)
        {
            throw e.Errno switch
            {
                // Both families answer EADDRNOTAVAIL ("ipv4: Address not found", "ipv6: address not found").
                LinuxErrno.EADDRNOTAVAIL => new AddressNotFoundException(spec.ToString(), device, e.Errno),
                _ => Translate(e, device, spec),
            };
        }
    }

    private static TapyardLinuxException Translate(NetlinkException e, string device, AddressSpec spec) => e.Errno switch
    {
        LinuxErrno.ENODEV => new LinkNotFoundException($"{device} (needed for address {spec})"),
        // EACCES is not a missing capability here: IPv6 disabled on the device; keep the kernel's text.
        _ => Permission.Netlink(e),
    };

    private int Resolve(string device, AddressSpec spec)
    {
        Validate(spec);
        LinkName.Validate(device);
        return (_links.TryGet(device) ?? throw new LinkNotFoundException($"{device} (needed for address {spec})")).Index;
    }

    private void Execute(Action<NetlinkMessageWriter> encode, string operation) =>
        _socket.Execute(encode, operation);

    internal static void Validate(AddressSpec spec)
    {
        string text = spec.ToString();
        if (spec.Family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new InvalidAddressException(text, "only IPv4 and IPv6 addresses are supported");
        int max = InetFamily.MaxPrefixLength(spec.Family);
        if (spec.PrefixLength < 0 || spec.PrefixLength > max)
            throw new InvalidAddressException(text, $"the prefix length must be 0..{max} for {InetFamily.Name(spec.Family)}");
        bool ipv4 = spec.Family == AddressFamily.InterNetwork;
        if (spec.Broadcast is { } broadcast && (!ipv4 || broadcast.AddressFamily != AddressFamily.InterNetwork))
            throw new InvalidAddressException(text, $"broadcast {broadcast} needs an IPv4 address and an IPv4 broadcast; IPv6 has no broadcast");
        if (spec.Label is { } label)
        {
            if (!ipv4)
                throw new InvalidAddressException(text, "labels apply to IPv4 addresses only");
            int bytes = Encoding.UTF8.GetByteCount(label);
            if (bytes is 0 or > LinkName.MaxBytes)
                throw new InvalidAddressException(text, $"label '{label}' must be 1..{LinkName.MaxBytes} bytes long");
        }
        if (spec.NoDad && ipv4)
            throw new InvalidAddressException(text, "nodad applies to IPv6 addresses only (IPv4 has no duplicate address detection)");
    }
}
