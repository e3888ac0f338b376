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
        // The state (indexes, pools) is built on each attempt's freshly loaded config, so a retry after
        // a lost compare-and-swap sees the other writer's instances and addresses.
        ConfigTransaction.Update(Open(context), config => change(ClusterState.Of(config)));

    public static void Change(CommandContext context, Action<ClusterState> change) =>
        Change(context, state =>
        {
            change(state);
            return true;
        });

    /// <summary>The current config for a command that only reads.</summary>
    public static ClusterState Read(CommandContext context) => ClusterState.Of(ConfigTransaction.LoadExisting(Open(context)));

    /// <summary>Stores the first config (`cluster init`); refused when a cluster exists.</summary>
    public static ClusterConfig Initialize(CommandContext context, Func<ClusterConfig> create) =>
        ConfigTransaction.Initialize(Open(context), create);
}
