using Tapyard.Linux.Namespaces;

namespace Tapyard.Linux.Tests.Support;

/// <summary>
/// A throwaway network namespace with a unique name, deleted (with every device in it) on dispose,
/// also when the test failed. Holds an rtnetlink connection inside it.
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    private TestNamespace(NetworkNamespace ns)
    {
        Namespace = ns;
        Netlink = Rtnetlink.Open(ns);
    }

    public static TestNamespace Create(string purpose)
    {
        Root.Require();
        string name = $"ty-{purpose}-{Guid.NewGuid().ToString("N")[..8]}";
        return new TestNamespace(NetworkNamespace.Create(name));
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
