namespace Tapyard.Core.Store;

/// <summary>Where volatile state (device nodes, sockets) lives: the option, else TAPYARD_RUN_DIR, else /run/tapyard.</summary>
public static class RuntimeDirectory
{
    public const string EnvironmentVariable = "TAPYARD_RUN_DIR";
    public const string Default = "/run/tapyard";

    /// <summary>An absolute path; an empty option or variable counts as not given.</summary>
    public static string Resolve(string? fromOption) =>
        DirectoryChoice.Resolve(fromOption, EnvironmentVariable, Default);
}
