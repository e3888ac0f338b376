using System.Globalization;
using System.Text.Json;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Processes;

namespace Tapyard.Bench.Vlan;

/// <summary>
/// One iperf3 TCP run from one namespace to another: the server runs for that one test (-1) in its
/// namespace beside the client in the other, both through the ProgramRunner with a time limit, so
/// neither outlives the run. The reference tool for throughput, run the same way on both paths.
/// </summary>
internal static class Iperf
{
    private const int Port = 5299;
    private const string Package = "iperf3";

    /// <summary>Received throughput in Mbit/s of a <paramref name="seconds"/>-long run to <paramref name="server"/>.</summary>
    public static double Run(NetworkNamespace clientNamespace, NetworkNamespace serverNamespace, string server, int seconds)
    {
        var limit = TimeSpan.FromSeconds(seconds + 20);
        string port = Port.ToString(CultureInfo.InvariantCulture);
        var daemon = Task.Run(() => ProgramRunner.Run(new ProgramInvocation
        {
            Program = "iperf3", Arguments = ["-s", "-1", "-B", server, "-p", port], Namespace = serverNamespace, Timeout = limit, Package = Package,
        }));
        WaitForListener(serverNamespace, Port, TimeSpan.FromSeconds(10)); // a fixed pause lost the race on a busy machine
        var client = ProgramRunner.Run(new ProgramInvocation
        {
            Program = "iperf3", Arguments = ["-c", server, "-p", port, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J"],
            Namespace = clientNamespace, Timeout = limit, Package = Package,
        });
        var served = daemon.GetAwaiter().GetResult();
        if (!client.Succeeded)
            throw new InvalidOperationException($"iperf3 to {server} failed ({(client.TimedOut ? "timed out" : $"exit {client.ExitCode}")}): {client.Error.Trim()} {client.Output.Trim()}; server: {served.Error.Trim()}");
        using var json = JsonDocument.Parse(client.Output);
        var root = json.RootElement;
        if (root.TryGetProperty("end", out var end) && end.TryGetProperty("sum_received", out var received)
            && received.TryGetProperty("bits_per_second", out var bits))
            return bits.GetDouble() / 1e6;
        string why = root.TryGetProperty("error", out var error) ? error.GetString() ?? "" : "no end.sum_received in its JSON";
        throw new InvalidOperationException($"iperf3 to {server} gave no throughput: {why}; server: {served.Error.Trim()}");
    }

    /// <summary>
    /// Waits until a TCP socket listens on <paramref name="port"/> in <paramref name="ns"/> (its
    /// /proc/net/tcp read from inside: state 0A), without connecting, which would use up the one-off server.
    /// </summary>
    private static void WaitForListener(NetworkNamespace ns, int port, TimeSpan timeout)
    {
        string local = $":{port:X4} ";
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            string table = ns.Run(() => File.ReadAllText("/proc/thread-self/net/tcp"));
            if (table.Split('\n').Any(line => line.Contains(local, StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, "0A", ..]))
                return;
            Thread.Sleep(20);
        }
        throw new InvalidOperationException($"iperf3 did not listen on port {port} in {ns.Name} within {timeout.TotalSeconds:0} s");
    }
}
