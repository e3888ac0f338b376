using Tapyard.Core.Model;

namespace Tapyard.Core.Store;

/// <summary>A configuration as read, with the revision a commit must compare against (0: nothing stored yet).</summary>
public sealed record VersionedConfig(ClusterConfig? Config, long Revision);
