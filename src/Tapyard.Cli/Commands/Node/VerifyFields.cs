using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Node;

/// <summary>The fields of `tapyard node verify`; their names are the JSON keys and -o selectors, so keep them stable.</summary>
internal static class VerifyFields
{
    public static IReadOnlyList<Field<VerifyRow>> All { get; } =
    [
        new("node", "Node", r => r.Node),
        new("kind", "Kind", r => r.Kind),
        new("device", "Device", r => r.Finding.Device),
        new("fixed", "Fixed", r => r.Finding.Fixed),
        new("detail", "Detail", r => r.Finding.Detail),
    ];
}
