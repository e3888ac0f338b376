using Tapyard.Core.Errors;

namespace Tapyard.Core.Store;

/// <summary>`cluster init` found a configuration already stored.</summary>
public sealed class ClusterAlreadyInitializedException(string location)
    : TapyardException($"cluster already initialized in {location}; use tapyard cluster modify, or another --state-dir for a new cluster")
{
    public string Location { get; } = location;
}
