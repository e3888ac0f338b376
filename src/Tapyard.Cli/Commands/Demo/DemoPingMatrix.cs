using System.Net;
using System.Net.NetworkInformation;
using Tapyard.Lab.Guest;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Commands.Demo;

/// <summary>
/// Who reaches whom: every guest pings every other guest and the outside host from inside (busybox
/// ping over its serial console), and the outside host pings every guest. One row per sender.
/// </summary>
internal static class DemoPingMatrix
{
    public const string Outside = "outside";
    private const int Count = 2;

    /// <summary>Prints the matrix; returns how many of its pairs got no reply.</summary>
    public static int Print(TextWriter output, IReadOnlyList<DemoGuest> guests, IReadOnlyDictionary<string, GuestConsole> consoles,
        string outsideNamespace, IPAddress outsideAddress)
    {
        var targets = guests.Select(g => (g.Name, g.Address)).Append((Name: Outside, Address: outsideAddress)).ToList();
        // Guests ping in parallel (each has its own console); each guest's pings run one after another.
        var rows = guests.AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Max(1, guests.Count))
            .Select(g => (g.Name, Cells: targets.Select(t => t.Name == g.Name ? "-" : FromGuest(consoles[g.Name], t.Address)).ToList()))
            .ToList();
        rows.Add((Outside, targets.Select(t => t.Name == Outside ? "-" : FromNamespace(outsideNamespace, t.Address)).ToList()));

        int width = Math.Max(10, targets.Max(t => t.Name.Length) + 2);
        output.WriteLine($"      {"from \\ to",-12}{string.Concat(targets.Select(t => t.Name.PadRight(width)))}");
        foreach (var (name, cells) in rows)
            output.WriteLine($"      {name,-12}{string.Concat(cells.Select(c => c.PadRight(width)))}");
        return rows.Sum(r => r.Cells.Count(c => c.StartsWith("LOST", StringComparison.Ordinal)));
    }

    private static string FromGuest(GuestConsole console, IPAddress target)
    {
        try
        {
            var result = console.Ping(target, Count);
            return Cell(result.Received, result.Transmitted);
        }
        catch (GuestConsoleException)
        {
            return $"LOST 0/{Count}";
        }
    }

    private static string FromNamespace(string namespaceName, IPAddress target)
    {
        using var ns = NetworkNamespace.Open(namespaceName);
        int received = ns.Run(() =>
        {
            using var ping = new Ping();
            return Enumerable.Range(0, Count).Count(_ => ping.Send(target, 1000).Status == IPStatus.Success);
        });
        return Cell(received, Count);
    }

    private static string Cell(int received, int sent) => received > 0 ? $"ok {received}/{sent}" : $"LOST 0/{sent}";
}
