using Tapyard.Linux;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Tests.Support;

/// <summary>
/// A network namespace with a unique random name (other engineers run kernel tests at the same
/// time), deleted with every device in it on dispose, also when the test failed.
/// </summary>
internal sealed class ThrowawayNamespace : IDisposable
{
    private ThrowawayNamespace(NetworkNamespace ns)
    {
        Namespace = ns;
        Netlink = Rtnetlink.Open(ns);
    }

    public static ThrowawayNamespace Create(string purpose)
    {
        Root.Require();
        return new ThrowawayNamespace(NetworkNamespace.Create($"ty-cli-{purpose}-{Guid.NewGuid().ToString("N")[..8]}"));
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
