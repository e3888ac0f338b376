namespace Tapyard.Core.Model;

/// <summary>
/// The whole configuration, stored as one JSON document (as Ganeti keeps config.data). Objects are
/// keyed by name for fast lookups; each carries its UUID and serial. <see cref="Serial"/> grows
/// with every committed change.
/// </summary>
public sealed class ClusterConfig
{
    /// <summary>The schema this build writes; a file with a higher version is refused, never overwritten.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;
    public long Serial { get; set; }
    public required Cluster Cluster { get; set; }
    public Dictionary<string, NodeGroup> Groups { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, Node> Nodes { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, Network> Networks { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, Instance> Instances { get; set; } = new(StringComparer.Ordinal);
}
