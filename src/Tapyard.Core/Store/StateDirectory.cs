namespace Tapyard.Core.Store;

/// <summary>Where the config lives: --state-dir, else TAPYARD_STATE_DIR, else /var/lib/tapyard (as Ganeti's /var/lib/ganeti).</summary>
public static class StateDirectory
{
    public const string EnvironmentVariable = "TAPYARD_STATE_DIR";
    public const string Default = "/var/lib/tapyard";

    /// <summary>An absolute path; an empty option or variable counts as not given.</summary>
    public static string Resolve(string? fromOption) =>
        DirectoryChoice.Resolve(fromOption, EnvironmentVariable, Default);
}
