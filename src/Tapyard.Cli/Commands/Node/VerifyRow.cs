using Tapyard.Node.Verify;

namespace Tapyard.Cli.Commands.Node;

/// <summary>One finding of `node verify`, with the node it was found on.</summary>
internal sealed record VerifyRow(string Node, VerifyFinding Finding)
{
    /// <summary>snake_case of the kind: stable names for scripts reading --output json.</summary>
    public string Kind => string.Concat(Finding.Kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
