using System.Text.Json;
using Tapyard.Core.Errors;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

/// <summary>Asserts that a failing operation gives the exact message and leaves config and pools as they were.</summary>
internal static class Unchanged
{
    public static TapyardException Fails(ClusterState state, Action action, string message)
    {
        string before = Snapshot(state);
        var error = Assert.ThrowsAny<TapyardException>(action);
        Assert.Equal(message, error.Message);
        Assert.Equal(before, Snapshot(state));
        return error;
    }

    /// <summary>The whole config as JSON plus every network's usage map: any change shows.</summary>
    public static string Snapshot(ClusterState state)
    {
        string config = JsonSerializer.Serialize(state.Config);
        var maps = state.Config.Networks.Values.OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => $"{n.Name}={(state.PoolOf(n).Size <= 65536 ? state.PoolOf(n).Map() : state.PoolOf(n).ReservedCount.ToString())}");
        return config + "\n" + string.Join("\n", maps);
    }
}
