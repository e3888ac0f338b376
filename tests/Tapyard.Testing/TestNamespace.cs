using Tapyard.Linux;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Testing;

/// <summary>
/// A throwaway network namespace with a unique random name (other engineers run kernel tests on the
/// same machine at the same time), deleted with every device in it on dispose, also when the test
/// failed. Holds an rtnetlink connection inside it.
/// </summary>
public sealed class TestNamespace : IDisposable
{
    private TestNamespace(NetworkNamespace ns, Rtnetlink netlink)
    {
        Namespace = ns;
        Netlink = netlink;
    }

    /// <summary>A namespace named ty-&lt;purpose&gt;-&lt;random&gt;.</summary>
    public static TestNamespace Create(string purpose)
    {
        Root.Require();
        string name = $"ty-{purpose}-{Guid.NewGuid().ToString("N")[..8]}";
        var ns = NetworkNamespace.Create(name);
        try
        {
            return new TestNamespace(ns, Rtnetlink.Open(ns));
        }
        catch
        {
            ns.Dispose();
            NetworkNamespace.Delete(name);
            throw;
        }
    }

    public NetworkNamespace Namespace { get; }
    public string Name => Namespace.Name!;
    public Rtnetlink Netlink { get; }

    public void Dispose()
    {
        Netlink.Dispose();
        Namespace.Dispose();
        if (NetworkNamespace.Exists(Name))
            NetworkNamespace.Delete(Name);
    }
}
