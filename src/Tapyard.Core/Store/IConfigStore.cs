using Tapyard.Core.Model;

namespace Tapyard.Core.Store;

/// <summary>
/// Where the configuration lives. Speaks in whole versioned documents and compare-and-swap, so an
/// etcd backend (a txn comparing the key's mod revision) fits behind it without changing Core.
/// </summary>
public interface IConfigStore
{
    /// <summary>Where the document is, for messages: "/var/lib/tapyard/config.json".</summary>
    string Location { get; }

    /// <summary>The current document and its revision; <see cref="VersionedConfig.Config"/> is null before `cluster init`.</summary>
    VersionedConfig Load();

    /// <summary>
    /// Whether a document is stored (`cluster init` ran), without taking a lock or creating anything;
    /// a backend may answer more cheaply than by loading.
    /// </summary>
    bool IsInitialized() => Load().Config is not null;

    /// <summary>
    /// Writes <paramref name="config"/> if the stored revision is still <paramref name="expectedRevision"/>
    /// and returns the new revision; returns null (writing nothing) when someone else committed first.
    /// </summary>
    long? TryCommit(ClusterConfig config, long expectedRevision);

    /// <summary>
    /// Keeps other writers out until disposed, so a load-change-commit inside it meets no conflict.
    /// Only an optimisation: <see cref="TryCommit"/> still compares revisions, and a backend without
    /// a lock (etcd) may return a no-op and let <see cref="ConfigTransaction"/> retry instead.
    /// </summary>
    IDisposable LockWriters();
}
