using System.Globalization;
using System.Text.RegularExpressions;

namespace Tapyard.Lab.Guest;

/// <summary>
/// Pure parsing of what the guest's serial console printed. A command is sent as
/// <c>echo "TYB""EGIN-ID"; COMMAND; echo "TYE""ND-ID-$?"</c>: the echoed command line never contains the
/// joined markers TYBEGIN-ID / TYEND-ID-STATUS, only the shell's output does, so the echo, prompts and
/// line-editor redraws around them cannot be mistaken for output.
/// </summary>
public static partial class GuestConsoleTranscript
{
    public static string BeginMarker(string id) => $"TYBEGIN-{id}";
    public static string EndMarkerPrefix(string id) => $"TYEND-{id}-";

    /// <summary>The line typed into the guest's shell for <paramref name="command"/> (one line, no newline in it).</summary>
    public static string Wrap(string command, string id)
    {
        if (command.Contains('\n') || command.Contains('\r'))
            throw new ArgumentException("a guest console command is one line; join commands with ';'", nameof(command));
        return $"echo \"TYB\"\"EGIN-{id}\"; {command}; echo \"TYE\"\"ND-{id}-$?\"\n";
    }

    /// <summary>The result of command <paramref name="id"/> in <paramref name="transcript"/>, or null while its end marker has not arrived.</summary>
    public static GuestCommandResult? Extract(string transcript, string id)
    {
        string text = Clean(transcript);
        string begin = BeginMarker(id);
        // Anywhere, not only at a line start: with echo off the prompt precedes it on its line.
        int start = text.IndexOf(begin, StringComparison.Ordinal);
        if (start < 0)
            return null;
        int outputStart = text.IndexOf('\n', start);
        if (outputStart < 0)
            return null;
        outputStart++;
        var end = new Regex($"{Regex.Escape(EndMarkerPrefix(id))}([0-9]+)\\n").Match(text, outputStart);
        if (!end.Success)
            return null;
        // The end marker starts a line, unless the command's output did not end with a newline.
        string output = text[outputStart..end.Index];
        int status = int.Parse(end.Groups[1].Value, CultureInfo.InvariantCulture);
        return new GuestCommandResult(status, output.TrimEnd('\n'));
    }

    /// <summary>Without carriage returns, ANSI escape sequences, bells and other control characters except newline and tab.</summary>
    public static string Clean(string text)
    {
        text = AnsiEscape().Replace(text, "");
        return ControlCharacter().Replace(text, "");
    }

    /// <summary>The packets sent and received from busybox (or iputils) ping's summary line; null when there is none.</summary>
    public static GuestPingResult? ParsePing(string output)
    {
        var m = PingSummary().Match(output);
        if (!m.Success)
            return null;
        return new GuestPingResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The command <see cref="GuestConsole.Interfaces"/> runs: one line per interface, "--", then `ip -o -4 addr`.</summary>
    public const string InterfacesCommand =
        "for d in /sys/class/net/*; do echo \"${d##*/} $(cat $d/address) $(cat $d/operstate) $(ls -d $d/queues/rx-* 2>/dev/null | wc -l) $(ls -d $d/queues/tx-* 2>/dev/null | wc -l)\"; done; echo --; ip -o -4 addr";

    /// <summary>Parses the output of <see cref="InterfacesCommand"/>.</summary>
    public static IReadOnlyList<GuestInterface> ParseInterfaces(string output)
    {
        var lines = Clean(output).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        int separator = Array.IndexOf(lines, "--");
        if (separator < 0)
            throw new FormatException($"guest interface listing has no '--' separator: {output}");
        var addresses = lines[(separator + 1)..]
            .Select(l => AddressLine().Match(l)).Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(m => m.Groups[2].Value).ToList());
        var result = new List<GuestInterface>();
        foreach (string line in lines[..separator])
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5)
                throw new FormatException($"guest interface line '{line}' does not have 5 fields (name mac operstate rx tx)");
            result.Add(new GuestInterface
            {
                Name = fields[0],
                Mac = fields[1],
                OperState = fields[2],
                RxQueues = int.Parse(fields[3], CultureInfo.InvariantCulture),
                TxQueues = int.Parse(fields[4], CultureInfo.InvariantCulture),
                Ipv4 = addresses.GetValueOrDefault(fields[0]) ?? [],
            });
        }
        return result;
    }

    // CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character escapes.
    [GeneratedRegex(@"\x1B(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"[\x00-\x08\x0B-\x1F\x7F]")]
    private static partial Regex ControlCharacter();

    [GeneratedRegex(@"([0-9]+) packets transmitted, ([0-9]+) (?:packets )?received")]
    private static partial Regex PingSummary();

    // busybox: "2: eth0    inet 198.51.100.10/24 scope global eth0\       valid_lft forever ..."
    [GeneratedRegex(@"^[0-9]+:\s+(\S+)\s+inet\s+([0-9.]+/[0-9]+)")]
    private static partial Regex AddressLine();
}
