using Tapyard.Cli.CommandLine;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;

namespace Tapyard.Cli.Commands.Cluster;

/// <summary>
/// How the model commands reach the config store: each command is one transaction (load, change,
/// compare-and-swap commit), read-only commands only load. The state directory comes from
/// --state-dir, else TAPYARD_STATE_DIR, else /var/lib/tapyard.
/// </summary>
internal static class ConfigAccess
{
    public static IConfigStore Open(CommandContext context) =>
        new FileConfigStore(StateDirectory.Resolve(context.Arguments.Value(GlobalOptions.StateDir.Name)));

    /// <summary>Runs <paramref name="change"/> on the current config and commits it; a failure commits nothing.</summary>
    public static T Change<T>(CommandContext context, Func<ClusterState, T> change) =>
        ConfigTransaction.Run(Open(context), change);

    public static void Change(CommandContext context, Action<ClusterState> change) =>
        ConfigTransaction.Run(Open(context), change);

    /// <summary>The current config for a command that only reads.</summary>
    public static ClusterState Read(CommandContext context) => ConfigTransaction.Read(Open(context));

    /// <summary>Stores the first config (`cluster init`); refused when a cluster exists.</summary>
    public static ClusterConfig Initialize(CommandContext context, Func<ClusterConfig> create) =>
        ConfigTransaction.Initialize(Open(context), create);
}
