namespace Tapyard.Core.Errors;

/// <summary>A named network, group, node or instance does not exist.</summary>
public sealed class UnknownObjectException(string kind, string name)
    : TapyardException($"{kind} '{name}' does not exist")
{
    public string Kind { get; } = kind;
    public string Name { get; } = name;
}
