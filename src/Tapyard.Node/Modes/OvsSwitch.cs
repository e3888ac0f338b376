using Tapyard.Core.Errors;
using Tapyard.Node.Programs;

namespace Tapyard.Node.Modes;

/// <summary>
/// Open vSwitch through ovs-vsctl (argument vector, never a shell). <paramref name="database"/> is
/// ovs-vsctl's --db (e.g. unix:/run/ovs-n1/db.sock); null lets ovs-vsctl find it as it always does
/// ($OVS_RUNDIR/db.sock, else /var/run/openvswitch/db.sock). ovs-vswitchd must run in the node's
/// network namespace: with the userspace (netdev) datapath it opens each port by name in its own
/// namespace, so a lab node needs its own ovs-vswitchd started inside the node namespace.
/// </summary>
public sealed class OvsSwitch(string? database)
{
    public const string Program = "ovs-vsctl";

    /// <summary>ovs-vsctl waits for ovs-vswitchd to apply a change; a missing daemon must not hang a plug.</summary>
    private const string Timeout = "--timeout=10";

    public string? Database { get; } = database;

    public bool BridgeExists(string bridge)
    {
        var result = ExternalProgram.Start(Program, [.. Base, "br-exists", bridge]);
        return result.ExitCode switch
        {
            0 => true,
            2 => false,
            _ => throw Unreachable(result.Error),
        };
    }

    /// <summary>
    /// Adds <paramref name="device"/> to <paramref name="bridge"/> (access port of <paramref name="vlan"/> when given), with
    /// Neutron-style external ids. A port of that name left by a crash (its record lost, perhaps on
    /// another bridge or with another tag) is deleted in the same transaction: `--may-exist` alone
    /// would keep its old tag, or fail when it is on another bridge.
    /// </summary>
    public void AddPort(string bridge, string device, int? vlan, IReadOnlyDictionary<string, string> externalIds)
    {
        var arguments = new List<string>(Base) { "--", "--if-exists", "del-port", device, "--", "add-port", bridge, device };
        if (vlan is { } tag)
            arguments.Add($"tag={tag.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (externalIds.Count > 0)
        {
            arguments.AddRange(["--", "set", "Interface", device]);
            arguments.AddRange(externalIds.Select(pair => $"external-ids:{pair.Key}=\"{pair.Value}\""));
        }
        Run(arguments);
    }

    public void DeletePort(string bridge, string device) => Run([.. Base, "--", "--if-exists", "del-port", bridge, device]);

    /// <summary>Adds OpenFlow rules (one per line) to <paramref name="bridge"/> with ovs-ofctl, reading them on stdin.</summary>
    public void AddFlows(string bridge, string flows) => OfCtl(["add-flows", Target(bridge), "-"], flows);

    /// <summary>Removes every flow with <paramref name="cookie"/> from <paramref name="bridge"/>.</summary>
    public void DeleteFlows(string bridge, ulong cookie) =>
        OfCtl(["del-flows", Target(bridge), $"cookie=0x{cookie.ToString("x", System.Globalization.CultureInfo.InvariantCulture)}/-1"], null);

    /// <summary>
    /// ovs-ofctl talks to ovs-vswitchd's per-bridge socket, BRIDGE.mgmt in the daemon's run directory:
    /// next to the database socket when --db names one (how a node's private OVS is laid out), else
    /// ovs-ofctl's own default ($OVS_RUNDIR or /var/run/openvswitch).
    /// </summary>
    private string Target(string bridge) =>
        Database is { } db && db.StartsWith("unix:", StringComparison.Ordinal) && Path.GetDirectoryName(db["unix:".Length..]) is { Length: > 0 } directory
            ? $"unix:{Path.Combine(directory, bridge + ".mgmt")}"
            : bridge;

    private static void OfCtl(IReadOnlyList<string> arguments, string? input)
    {
        var result = ExternalProgram.Start("ovs-ofctl", arguments, input);
        if (result.ExitCode != 0)
            throw new TapyardException($"ovs-ofctl {string.Join(' ', arguments.Take(2))} failed: {result.Error.Trim()}");
    }

    private IReadOnlyList<string> Base => Database is { } db ? [$"--db={db}", Timeout] : [Timeout];

    private void Run(IReadOnlyList<string> arguments)
    {
        var result = ExternalProgram.Start(Program, arguments);
        if (result.ExitCode != 0)
            throw Unreachable(result.Error);
    }

    private TapyardException Unreachable(string error) =>
        new($"ovs-vsctl{(Database is { } db ? $" --db={db}" : "")} failed: {error.Trim()}");
}
