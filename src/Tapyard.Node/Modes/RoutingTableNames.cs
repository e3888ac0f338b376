using System.Globalization;
using Tapyard.Linux.Routes;

namespace Tapyard.Node.Modes;

/// <summary>
/// A routed NIC's `link` names its routing table, as in Ganeti: a number, or a name from iproute2's
/// rt_tables files (/etc/iproute2/rt_tables and rt_tables.d/*.conf, then the distribution's
/// /usr/share/iproute2 copies), or main/local/default.
/// </summary>
internal static class RoutingTableNames
{
    private static readonly string[] Directories = ["/etc/iproute2", "/usr/share/iproute2"];

    public static uint? Resolve(string link)
    {
        if (uint.TryParse(link, NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
            return id == RouteTables.Unspecified ? null : id;
        switch (link)
        {
            case "main": return RouteTables.Main;
            case "local": return RouteTables.Local;
            case "default": return RouteTables.Default;
        }
        foreach (string file in Files())
        {
            foreach (string line in File.ReadLines(file))
            {
                string text = line.Split('#')[0].Trim();
                var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && parts[1] == link && TryParseId(parts[0], out uint found))
                    return found;
            }
        }
        return null;
    }

    private static IEnumerable<string> Files()
    {
        foreach (string directory in Directories)
        {
            string main = Path.Combine(directory, "rt_tables");
            if (File.Exists(main))
                yield return main;
            string dropIns = Path.Combine(directory, "rt_tables.d");
            if (Directory.Exists(dropIns))
                foreach (string file in Directory.EnumerateFiles(dropIns, "*.conf").Order(StringComparer.Ordinal))
                    yield return file;
        }
    }

    private static bool TryParseId(string text, out uint id) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
