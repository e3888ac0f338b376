using Tapyard.Core.Model;

namespace Tapyard.Core.Store;

/// <summary>A configuration as read, with the revision a commit must compare against (0: nothing stored yet).</summary>
public sealed record VersionedConfig(ClusterConfig? Config, long Revision)
{
    /// <summary>
    /// The stored document the config was parsed from, when the backend keeps one. A transaction
    /// compares the changed config's serialization with it to find a change that changed nothing,
    /// without serializing the config a second time before the change.
    /// </summary>
    public byte[]? Document { get; init; }
}
