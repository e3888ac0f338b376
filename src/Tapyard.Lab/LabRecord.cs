namespace Tapyard.Lab;

/// <summary>
/// What `lab up` made, in STATE_DIR/lab/NAME.json. Written before the first namespace is created and
/// again when everything is in place, so a crash in between leaves a record that says "not complete"
/// and `lab down` knows what to remove.
/// </summary>
public sealed record LabRecord
{
    public required string Name { get; init; }
    public required int Nodes { get; init; }
    /// <summary>False until every namespace, device and config entry exists.</summary>
    public bool Complete { get; init; }
    /// <summary>Nodes this lab added to the config: `lab down` removes these, and only these.</summary>
    public List<string> RegisteredNodes { get; init; } = [];
    /// <summary>The cluster was initialized by `lab up` (it is kept on `lab down`: networks may have been added since).</summary>
    public bool InitializedCluster { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
