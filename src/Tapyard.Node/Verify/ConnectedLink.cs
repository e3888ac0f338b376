namespace Tapyard.Node.Verify;

/// <summary>A network connected to the node's group and the device its connection needs on the node.</summary>
public sealed record ConnectedLink(string Network, string Link);
