namespace Tapyard.Core.Store;

/// <summary>An option beats an environment variable, which beats the default; relative paths are made absolute so messages name the real file.</summary>
internal static class DirectoryChoice
{
    public static string Resolve(string? fromOption, string environmentVariable, string fallback)
    {
        string chosen = !string.IsNullOrWhiteSpace(fromOption) ? fromOption
            : Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : fallback;
        return Path.GetFullPath(chosen);
    }
}
