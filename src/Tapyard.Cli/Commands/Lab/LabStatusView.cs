using Tapyard.Cli.Output;
using Tapyard.Lab;

namespace Tapyard.Cli.Commands.Lab;

/// <summary>`lab status` as text for people and as JSON for scripts (same facts, snake_case keys).</summary>
internal static class LabStatusView
{
    public static string StateName(LabState state) => state switch
    {
        LabState.Absent => "absent",
        LabState.Complete => "complete",
        _ => "half-built",
    };

    public static JsonObject Json(LabStatus status) => new()
    {
        { "name", status.Name },
        { "state", StateName(status.State) },
        { "nodes", status.Nodes },
        { "recorded", status.Recorded },
        {
            "namespaces", status.Namespaces.Select(ns => new JsonObject
            {
                { "name", ns.Name },
                { "role", ns.Role },
                { "exists", ns.Exists },
                {
                    "links", ns.Links.Select(link => new JsonObject
                    {
                        { "name", link.Name },
                        { "kind", link.Kind },
                        { "up", link.Up },
                        { "master", link.Master },
                        { "hairpin", link.Hairpin },
                        { "addresses", link.Addresses },
                    }).ToList()
                },
            }).ToList()
        },
        {
            "registered_nodes", status.RegisteredNodes.Select(node => new JsonObject
            {
                { "name", node.Name },
                { "netns", node.Netns },
                { "primary_ip", node.PrimaryIp },
                { "in_config", node.InConfig },
            }).ToList()
        },
        { "missing", status.Missing },
    };

    public static void WriteText(TextWriter output, LabStatus status)
    {
        if (status.State == LabState.Absent)
        {
            output.WriteLine($"lab {status.Name}: absent (run 'tapyard lab up{(status.Name == LabLayout.DefaultName ? "" : $" --name {status.Name}")}')");
            return;
        }
        output.WriteLine($"lab {status.Name}: {StateName(status.State)}, {status.Nodes} nodes");
        foreach (var ns in status.Namespaces)
        {
            output.WriteLine($"  {ns.Role,-8} {ns.Name}{(ns.Exists ? "" : "  (missing)")}");
            foreach (var link in ns.Links.Where(l => l.Name != "lo"))
            {
                string master = link.Master is null ? "" : $" on {link.Master}{(link.Hairpin == true ? " (hairpin)" : "")}";
                string addresses = link.Addresses.Count == 0 ? "" : $" {string.Join(' ', link.Addresses)}";
                output.WriteLine($"    {link.Name,-8} {link.Kind ?? "-",-7} {(link.Up ? "up" : "down"),-4}{master}{addresses}".TrimEnd());
            }
        }
        if (status.RegisteredNodes.Count > 0)
            output.WriteLine($"  nodes in config: {string.Join(", ", status.RegisteredNodes.Select(n => n.InConfig ? $"{n.Name} ({n.PrimaryIp ?? "no primary ip"})" : $"{n.Name} (missing)"))}");
        if (status.Missing.Count > 0)
        {
            output.WriteLine($"  missing: {string.Join("; ", status.Missing)}");
            output.WriteLine($"  fix: tapyard lab down --name {status.Name}, then tapyard lab up");
        }
    }
}
