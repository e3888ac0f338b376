using System.Text.Json;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Addresses;

/// <summary>
/// A throwaway namespace holding a veth pair up0/up0p, both up: the place address and route
/// kernel tests work in. Deleted with everything in it on dispose, also when the test failed.
/// </summary>
internal sealed class VethNamespace : IDisposable
{
    private readonly TestNamespace _namespace;

    private VethNamespace(TestNamespace ns)
    {
        _namespace = ns;
        var links = ns.Netlink.Links;
        Up0 = links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        links.SetUp("up0p", true);
        Up0Peer = links.Get("up0p");
    }

    public static VethNamespace Create(string purpose)
    {
        var ns = TestNamespace.Create(purpose);
        try
        {
            return new VethNamespace(ns);
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    public string Name => _namespace.Name;
    public Tapyard.Linux.Namespaces.NetworkNamespace Namespace => _namespace.Namespace;
    public Rtnetlink Netlink => _namespace.Netlink;
    public LinkInfo Up0 { get; }
    public LinkInfo Up0Peer { get; }

    /// <summary>`ip -n NS -j ARGS...`, parsed: iproute2 as the independent reader.</summary>
    public JsonElement IpJson(params string[] args)
    {
        string output = Ip.Run(["-n", Name, "-j", .. args]);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }

    /// <summary>The addr_info entries of `ip -j addr show dev DEVICE`.</summary>
    public List<JsonElement> IpAddresses(string device, string? family = null)
    {
        var json = family is null ? IpJson("addr", "show", "dev", device) : IpJson(family, "addr", "show", "dev", device);
        return json.EnumerateArray().SelectMany(link => link.GetProperty("addr_info").EnumerateArray()).ToList();
    }

    /// <summary>`ip -j [-6] route show table N` as a list; empty when the table does not exist.</summary>
    public List<JsonElement> IpRoutes(uint table, bool ipv6 = false)
    {
        string[] args = ipv6 ? ["-6", "route", "show", "table", table.ToString()] : ["route", "show", "table", table.ToString()];
        try
        {
            return IpJson(args).EnumerateArray().ToList();
        }
        catch (InvalidOperationException e) when (e.Message.Contains("FIB table does not exist"))
        {
            return [];
        }
    }

    public void Dispose() => _namespace.Dispose();
}
