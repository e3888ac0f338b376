using Tapyard.Core.Errors;

namespace Tapyard.Core.Store;

/// <summary>A command needs the cluster, but the store holds no configuration yet.</summary>
public sealed class ClusterNotInitializedException(string location)
    : TapyardException($"cluster not initialized (no {location}); run tapyard cluster init")
{
    public string Location { get; } = location;
}
