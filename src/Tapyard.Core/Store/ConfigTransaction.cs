using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Store;

/// <summary>
/// Load, change, compare-and-swap commit: the one way Core writes the configuration. The change runs
/// on a freshly loaded config; if it throws nothing is committed; if another writer committed in
/// between, the change runs again on the new config (bounded). With the file store the whole
/// transaction holds the writers' lock, so conflicts only arise with lock-free backends.
/// </summary>
public static class ConfigTransaction
{
    /// <summary>How often a change is re-applied after losing the compare-and-swap before giving up.</summary>
    public const int MaxAttempts = 16;

    /// <summary>
    /// Runs an operation (e.g. <c>state => InstanceOperations.Add(state, request)</c>) on the stored
    /// config and commits it; the cluster must be initialized. The state's indexes are rebuilt on each attempt.
    /// </summary>
    public static T Run<T>(IConfigStore store, Func<ClusterState, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Update(store, config => change(ClusterState.Of(config)));
    }

    public static void Run(IConfigStore store, Action<ClusterState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Update(store, config => change(ClusterState.Of(config)));
    }

    /// <summary>The stored config with its indexes, for a read-only command; the cluster must be initialized.</summary>
    public static ClusterState Read(IConfigStore store) => ClusterState.Of(LoadExisting(store));

    /// <summary>
    /// Applies <paramref name="change"/> to the stored config and commits it; the cluster must be
    /// initialized. A change that leaves the document as it was commits nothing: no write, no new serial.
    /// </summary>
    public static T Update<T>(IConfigStore store, Func<ClusterConfig, T> change)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        // Before the lock: a missing cluster (or a mistyped state directory) must leave nothing behind, not even config.lock.
        if (!store.IsInitialized())
            throw new ClusterNotInitializedException(store.Location);
        for (int attempt = 1; ; attempt++)
        {
            using (store.LockWriters())
            {
                var loaded = store.Load();
                var (config, revision) = loaded;
                if (config is null)
                    throw new ClusterNotInitializedException(store.Location);
                // Tapyard writes the canonical serialization, so the stored document is what the
                // unchanged config serializes to; a hand-formatted file merely gets rewritten once.
                byte[] before = loaded.Document ?? ConfigDocument.Serialize(config);
                T result = change(config);
                if (ConfigDocument.Serialize(config).AsSpan().SequenceEqual(before))
                    return result;
                if (store.TryCommit(config, revision) is not null)
                    return result;
            }
            PauseAfterConflict(store, attempt);
        }
    }

    public static void Update(IConfigStore store, Action<ClusterConfig> change) =>
        Update(store, config =>
        {
            change(config);
            return true;
        });

    /// <summary>
    /// Stores the first configuration (`cluster init`); refused when one is stored already. The
    /// configuration is built (and checked) before anything is locked or created, so a refused init
    /// leaves no state directory behind.
    /// </summary>
    public static ClusterConfig Initialize(IConfigStore store, Func<ClusterConfig> create)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(create);
        if (store.Load().Config is not null)   // an unreadable file is refused here too
            throw new ClusterAlreadyInitializedException(store.Location);
        var config = create();
        using (store.LockWriters())
        {
            if (store.Load().Config is not null)
                throw new ClusterAlreadyInitializedException(store.Location);
            if (store.TryCommit(config, 0) is null)
                throw new ClusterAlreadyInitializedException(store.Location);
            return config;
        }
    }

    /// <summary>The stored config for a read-only command; the cluster must be initialized.</summary>
    public static ClusterConfig LoadExisting(IConfigStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Load().Config ?? throw new ClusterNotInitializedException(store.Location);
    }

    /// <summary>Backs off (randomized, growing) so competing writers stop colliding; gives up after <see cref="MaxAttempts"/>.</summary>
    private static void PauseAfterConflict(IConfigStore store, int attempt)
    {
        if (attempt >= MaxAttempts)
            throw new ConfigStoreException(
                $"config {store.Location} was changed by other writers {MaxAttempts} times while this change was being applied; retry the command");
        int ceiling = Math.Min(1 << attempt, 100);
        Thread.Sleep(Random.Shared.Next(1, ceiling + 1));
    }
}
