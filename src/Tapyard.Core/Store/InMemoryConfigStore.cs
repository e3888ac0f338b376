using Tapyard.Core.Model;

namespace Tapyard.Core.Store;

/// <summary>
/// A store in this process's memory, keeping the document as serialized bytes so every load hands out
/// a fresh copy (as a file or etcd would). Takes no writers' lock, like the etcd backend will, so
/// <see cref="ConfigTransaction"/> meets real compare-and-swap conflicts here. For tests and benchmarks.
/// </summary>
public sealed class InMemoryConfigStore : IConfigStore
{
    private readonly object _gate = new();
    private byte[]? _document;
    private long _revision;

    public string Location => "memory";

    public VersionedConfig Load()
    {
        byte[]? document;
        long revision;
        lock (_gate)
        {
            document = _document;
            revision = _revision;
        }
        return document is null
            ? new VersionedConfig(null, 0)
            : new VersionedConfig(ConfigDocument.Parse(document, Location), revision) { Document = document };
    }

    public long? TryCommit(ClusterConfig config, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_gate)
        {
            if (_revision != expectedRevision)
                return null;
            config.Serial = expectedRevision + 1;
            config.SchemaVersion = ClusterConfig.CurrentSchemaVersion;
            _document = ConfigDocument.Serialize(config);
            _revision = config.Serial;
            return _revision;
        }
    }

    public IDisposable LockWriters() => NoLock.Instance;

    private sealed class NoLock : IDisposable
    {
        public static NoLock Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
