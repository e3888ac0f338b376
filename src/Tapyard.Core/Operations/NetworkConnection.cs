using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>A network's connection to a node group: the parameters as given, and what they give a NIC that sets nothing itself (over the cluster defaults).</summary>
public sealed record NetworkConnection(NodeGroup Group, NicParams Given, EffectiveNicParams Effective);
