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
        Thread.Sleep(300); // the server binds before the client connects
        var client = ProgramRunner.Run(new ProgramInvocation
        {
            Program = "iperf3", Arguments = ["-c", server, "-p", port, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J"],
            Namespace = clientNamespace, Timeout = limit, Package = Package,
        });
        var served = daemon.GetAwaiter().GetResult();
        if (!client.Succeeded)
            throw new InvalidOperationException($"iperf3 to {server} failed ({(client.TimedOut ? "timed out" : $"exit {client.ExitCode}")}): {client.Error.Trim()} {client.Output.Trim()}; server: {served.Error.Trim()}");
        using var json = JsonDocument.Parse(client.Output);
        return json.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e6;
    }
}
