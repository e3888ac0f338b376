namespace Tapyard.Node;

/// <summary>
/// What <see cref="NodeNics.Plug"/> made for one instance, in NIC order. Disposing it closes the
/// queue fds only (the devices stay until <see cref="NodeNics.Unplug"/> or a sweep).
/// </summary>
public sealed class PluggedInstance : IDisposable
{
    internal PluggedInstance(string instance, string node, IReadOnlyList<PluggedNic> nics, IReadOnlyList<NicRecord> records)
    {
        Instance = instance;
        Node = node;
        Nics = nics;
        Records = records;
    }

    public string Instance { get; }

    public string Node { get; }

    public IReadOnlyList<PluggedNic> Nics { get; }

    internal IReadOnlyList<NicRecord> Records { get; }

    public void Dispose()
    {
        foreach (var nic in Nics)
            nic.Queues.Dispose();
    }
}
