using System.Net;
using Tapyard.Lab.Guest;

namespace Tapyard.Hypervisors.Tests.Modes;

/// <summary>Small things the mode tests do inside a guest over its console.</summary>
internal static class GuestSide
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Only the interface that holds the asked address answers ARP (arp_ignore=1), and ARP requests
    /// name the outgoing interface's own address (arp_announce=2). A guest with several NICs would
    /// otherwise answer for every address on every NIC (Linux's weak host model), and a ping between
    /// two NICs of one mode could pass through a NIC of another mode and prove nothing about the first.
    /// </summary>
    public static void StrictArp(GuestConsole console)
    {
        Must(console, "echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore && echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce");
    }

    /// <summary>The guest's name for the NIC with <paramref name="mac"/> (eth0, eth1, ... in whatever order the guest found them).</summary>
    public static string InterfaceOf(GuestConsole console, string mac) =>
        console.Interfaces().Single(i => i.Mac == GuestKernelCommandLine.NormalizeMac(mac)).Name;

    /// <summary>busybox ping from <paramref name="source"/> (an address of the guest) to <paramref name="target"/>.</summary>
    public static GuestPingResult PingFrom(GuestConsole console, string source, IPAddress target, int count = 3)
    {
        var result = console.Run($"ping -c {count} -w {count + 2} -I {source} {target}", TimeSpan.FromSeconds(count + 20));
        return GuestConsoleTranscript.ParsePing(result.Output)
            ?? throw new GuestConsoleException($"guest ping -I {source} {target} printed no summary (exit {result.ExitCode}): {result.Output.Trim()}");
    }

    public static string Must(GuestConsole console, string command)
    {
        var result = console.Run(command, CommandTimeout);
        if (result.ExitCode != 0)
            throw new GuestConsoleException($"guest command '{command}' failed (exit {result.ExitCode}): {result.Output.Trim()}");
        return result.Output;
    }
}
