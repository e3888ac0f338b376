using Tapyard.Core.Errors;

namespace Tapyard.Core.Operations;

/// <summary>Names of groups, nodes, networks and instances: printed in lists and typed in commands, so no separators or spaces.</summary>
internal static class ObjectNames
{
    public static void Check(string kind, string? name)
    {
        if (string.IsNullOrEmpty(name))
            throw new TapyardException($"a {kind} needs a name; give one");
        foreach (char c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or ':' or '/' or '(' or ')')
                throw new TapyardException($"{kind} name '{name}' contains '{(char.IsWhiteSpace(c) ? "whitespace" : c.ToString())}'; use letters, digits, '-', '_' and '.'");
        }
    }
}
