namespace Tapyard.Hypervisors.Nova;

/// <summary>What `vif plug` made for one VIF on one node; <see cref="Instance"/> is the name its records carry.</summary>
public sealed record NovaVifPlugResult(string Vif, string Node, string Instance, IReadOnlyList<NovaVifDevice> Devices);
