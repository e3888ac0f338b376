using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Tapyard.Cli.Output;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

/// <summary>
/// `network info` as gnt-network info prints it (reference 04/08/10/12), with "mvtap_mode:" added
/// to macvtap connections. Pure: the same view always gives the same bytes.
/// </summary>
internal static class NetworkInfoText
{
    private const int MapRow = 64;
    private const int WrapWidth = 64;

    public static void Write(TextWriter writer, NetworkView network)
    {
        writer.WriteLine($"Network name: {network.Name}");
        writer.WriteLine($"UUID: {network.Uuid}");
        writer.WriteLine($"Serial number: {network.Serial}");
        writer.WriteLine($"  Subnet: {network.Subnet}");
        writer.WriteLine($"  Gateway: {network.Gateway ?? "None"}");
        writer.WriteLine($"  IPv6 Subnet: {network.Subnet6 ?? "None"}");
        writer.WriteLine($"  IPv6 Gateway: {network.Gateway6 ?? "None"}");
        writer.WriteLine($"  Mac Prefix: {network.MacPrefix ?? "None"}");
        writer.WriteLine($"  Size: {network.Size}");
        double percent = 100.0 * network.FreeCount / network.Size;
        writer.WriteLine($"  Free: {network.FreeCount} ({percent.ToString("F2", CultureInfo.InvariantCulture)}%)");
        writer.WriteLine("  Usage map:");
        WriteMap(writer, network.Map());
        writer.WriteLine("         (X) used    (.) free");

        if (network.ExternalReservations.Count > 0)
        {
            writer.WriteLine("  externally reserved IPs:");
            foreach (string line in Wrap(string.Join(", ", network.ExternalReservations), WrapWidth))
                writer.WriteLine($"    {line}");
        }

        if (network.Groups.Count > 0)
        {
            writer.WriteLine("  connected to node groups:");
            foreach (var group in network.Groups)
                writer.WriteLine($"    {ConnectionText.InfoText(group)}");
        }
        else
        {
            writer.WriteLine("  not connected to any node group");
        }

        if (network.Users.Count > 0)
        {
            writer.WriteLine($"  used by {network.Users.Count} instances:");
            WriteUsers(writer, network.Users);
        }
        else
        {
            writer.WriteLine("  not used by any instances");
        }
    }

    public static JsonObject ToJson(NetworkView network) => new()
    {
        { "name", network.Name },
        { "uuid", network.Uuid.ToString() },
        { "serial_no", network.Serial },
        { "network", network.Subnet },
        { "gateway", network.Gateway },
        { "network6", network.Subnet6 },
        { "gateway6", network.Gateway6 },
        { "mac_prefix", network.MacPrefix },
        { "size", network.Size },
        { "free_count", network.FreeCount },
        { "reserved_count", network.ReservedCount },
        { "map", network.Map() },
        { "external_reservations", network.ExternalReservations },
        { "groups", network.Groups.Select(ConnectionText.ToJson).ToList() },
        { "instances", network.Users.Select(ConnectionText.ToJson).ToList() },
        { "tags", network.Tags },
    };

    /// <summary>
    /// Rows of 64 addresses: "     " + start index right-aligned in 4 + the row padded to 64 + the
    /// row's last index, which Ganeti prints as start + 63 even when the network is smaller.
    /// Built in one buffer: a /16 has 1024 rows and `network info` must stay fast.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteMap(TextWriter writer, string map)
    {
        var line = new StringBuilder(96);
        for (int start = 0; start < map.Length; start += MapRow)
        {
            line.Clear();
            line.Append("     ");
            line.Append(start.ToString(CultureInfo.InvariantCulture).PadLeft(4));
            line.Append(' ');
            int length = Math.Min(MapRow, map.Length - start);
            line.Append(map, start, length);
            line.Append(' ', MapRow - length);
            line.Append(' ');
            line.Append((start + MapRow - 1).ToString(CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }

    /// <summary>"    inst1: 0:192.0.2.2, 2:None" per user (a NIC without an IP reads "None", as Ganeti prints it), without a string per line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // 10,000 lines on a busy /16, once per process
    private static void WriteUsers(TextWriter writer, IReadOnlyList<NetworkUser> users)
    {
        Span<char> number = stackalloc char[11];
        foreach (var user in users)
        {
            writer.Write("    ");
            writer.Write(user.Instance);
            writer.Write(':');
            for (int i = 0; i < user.Nics.Count; i++)
            {
                var (index, ip) = user.Nics[i];
                writer.Write(i == 0 ? " " : ", ");
                index.TryFormat(number, out int written, default, CultureInfo.InvariantCulture);
                writer.Write(number[..written]);
                writer.Write(':');
                writer.Write(ip ?? "None");
            }
            writer.WriteLine();
        }
    }

    /// <summary>Python's textwrap.wrap for text of space-separated words no longer than the width.</summary>
    internal static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0)
                line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0)
            yield return line.ToString();
    }
}
