using System.Net;
using System.Text.RegularExpressions;
using Tapyard.Core.Errors;

namespace Tapyard.Lab;

/// <summary>
/// The names and addresses of one lab, all derived from its name, so `lab status` and `lab down`
/// find what `lab up` made without being told: namespaces NAME-switch, NAME-n1..NAME-nN and
/// NAME-outside; in the switch a bridge br0 with ports n1..nN (one per node) and outside.
/// Node names in the config equal their namespace names, so two labs can share one config.
/// </summary>
public sealed partial record LabLayout
{
    public const string DefaultName = "tylab";
    public const int DefaultNodes = 2;
    public const int MaxNodes = 32;
    public const string Bridge = "br0";
    /// <summary>The uplink's name inside a node and inside the outside namespace.</summary>
    public const string Uplink = "eth0";
    public const string OutsidePort = "outside";
    /// <summary>TEST-NET-2 (RFC 5737): never routed, and it only ever exists inside the lab's namespaces.</summary>
    public static readonly IPAddress OutsideAddress = IPAddress.Parse("198.51.100.1");
    public const int OutsidePrefixLength = 24;
    /// <summary>Node k's primary IP is 192.0.2.k/24 on its eth0 (TEST-NET-1, RFC 5737): node-to-node traffic such as live migration.</summary>
    public const int NodePrefixLength = 24;

    /// <summary>The primary IP of node <paramref name="node"/> (1-based): 192.0.2.<paramref name="node"/>.</summary>
    public static IPAddress NodeAddress(int node)
    {
        if (node is < 1 or > MaxNodes)
            throw new ArgumentOutOfRangeException(nameof(node), node, $"lab nodes are numbered 1 to {MaxNodes}");
        return new IPAddress(new byte[] { 192, 0, 2, (byte)node });
    }

    private LabLayout(string name, int nodes)
    {
        Name = name;
        Nodes = nodes;
    }

    public string Name { get; }
    public int Nodes { get; }

    public string SwitchNamespace => $"{Name}-switch";
    public string OutsideNamespace => $"{Name}-outside";
    public string NodeNamespace(int node) => $"{Name}-n{node}";
    /// <summary>The node's name in the config (`node add --netns`): the same as its namespace.</summary>
    public string NodeName(int node) => NodeNamespace(node);
    /// <summary>The node's port on the switch's bridge.</summary>
    public static string SwitchPort(int node) => $"n{node}";

    public IEnumerable<int> NodeNumbers => Enumerable.Range(1, Nodes);

    /// <summary>Every namespace of the lab: the nodes first, then outside, then the switch (the order they are removed in).</summary>
    public IReadOnlyList<string> Namespaces =>
        [.. NodeNumbers.Select(NodeNamespace), OutsideNamespace, SwitchNamespace];

    public IReadOnlyList<string> NodeNames => NodeNumbers.Select(NodeName).ToList();

    /// <summary>Whether <paramref name="namespaceName"/> is one this lab's naming would give, for any node count.</summary>
    public bool Owns(string namespaceName) =>
        namespaceName == SwitchNamespace || namespaceName == OutsideNamespace
        || (namespaceName.StartsWith($"{Name}-n", StringComparison.Ordinal) && NodeSuffix().IsMatch(namespaceName[(Name.Length + 2)..]));

    public static LabLayout Create(string name, int nodes)
    {
        if (!ValidName().IsMatch(name))
            throw new TapyardException($"lab name '{name}' is not valid; use 1-20 letters, digits or '-', starting with a letter");
        if (nodes is < 1 or > MaxNodes)
            throw new TapyardException($"a lab has 1 to {MaxNodes} nodes, not {nodes}");
        return new LabLayout(name, nodes);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,19}$")]
    private static partial Regex ValidName();

    [GeneratedRegex("^[1-9][0-9]*$")]
    private static partial Regex NodeSuffix();
}
