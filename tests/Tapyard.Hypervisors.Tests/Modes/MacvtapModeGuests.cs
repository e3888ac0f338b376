using System.Diagnostics;
using Tapyard.Core.Operations;
using Tapyard.Hypervisors.Tests.Support;
using Tapyard.Lab.Guest;

namespace Tapyard.Hypervisors.Tests.Modes;

/// <summary>
/// Two real guests on node n1 with one macvtap per mode each, so one pair of boots serves every mode:
/// every mode has a subnet of its own, all macvtaps but passthru sit on the lower device eth0, whose
/// switch port p-eth0 starts with hairpin off, and the outside host (the switch's bridge) has the .1
/// of every subnet.
/// <list type="table">
/// <item>10.1.0.0/24 bridge on eth0: A .11, B .12 (B's NIC with spoof_check=off, the control of the anti-spoofing tests)</item>
/// <item>10.2.0.0/24 vepa on eth0: A .11, B .12</item>
/// <item>10.3.0.0/24 private on eth0: A .11, B .12</item>
/// <item>10.4.0.0/24 passthru on eth1 (an uplink of its own, a passthru macvtap takes the whole device): A .11</item>
/// </list>
/// Both guests answer ARP only on the NIC that holds the address (<see cref="GuestSide.StrictArp"/>).
/// </summary>
public sealed class MacvtapModeGuests : IDisposable
{
    public const string A = "ga";
    public const string B = "gb";
    public const string Lower = DriverWorld.Uplink;
    public const string PassthruUplink = "eth1";

    public static readonly MacvtapModeNet Bridge = new("mvbr", "bridge", Lower, 1, NicIndex: 0);
    public static readonly MacvtapModeNet Vepa = new("mvvepa", "vepa", Lower, 2, NicIndex: 1);
    public static readonly MacvtapModeNet Private = new("mvpriv", "private", Lower, 3, NicIndex: 2);
    public static readonly MacvtapModeNet Passthru = new("mvpass", "passthru", PassthruUplink, 4, NicIndex: 3);
    public static readonly IReadOnlyList<MacvtapModeNet> All = [Bridge, Vepa, Private, Passthru];

    public MacvtapModeGuests()
    {
        World = new DriverWorld("mvmodes", new LabGuestBoot());
        try
        {
            var clock = Stopwatch.StartNew();
            World.AddUplink(PassthruUplink);
            foreach (var net in All)
            {
                World.AddNetwork(net.Network, net.Subnet, net.Outside.ToString(), $"mode=macvtap,link={net.Link},mvtap_mode={net.MvtapMode}");
                World.AddOutsideAddress($"{net.Outside}/24");
            }
            World.AddInstance(A, 1, All.Select(n => $"{n.NicIndex}:network={n.Network},ip={n.AddressOf(A)}").ToArray());
            World.AddInstance(B, 1, [.. All.Where(n => n != Passthru).Select(n => $"{n.NicIndex}:network={n.Network},ip={n.AddressOf(B)}"
                + (n == Bridge ? ",spoof_check=off" : ""))]);
            World.SetHairpin(Lower, false);
            // Both boot at once: the second boot overlaps the first instead of following it.
            World.Driver.Start(A);
            World.Driver.Start(B);
            ConsoleA = World.Console(A);
            ConsoleB = World.Console(B);
            ConsoleA.WaitForReady(BootedInstance.BootTimeout);
            ConsoleB.WaitForReady(BootedInstance.BootTimeout);
            GuestSide.StrictArp(ConsoleA);
            GuestSide.StrictArp(ConsoleB);
            ReadySeconds = clock.Elapsed.TotalSeconds;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DriverWorld World { get; }
    public GuestConsole ConsoleA { get; } = null!;
    public GuestConsole ConsoleB { get; } = null!;

    /// <summary>From nothing to both guests ready.</summary>
    public double ReadySeconds { get; }

    public GuestConsole Console(string guest) => guest == A ? ConsoleA : ConsoleB;

    public ResolvedNic Nic(string guest, MacvtapModeNet net) => World.NicsOf(guest).Single(n => n.Index == net.NicIndex);

    public void Dispose()
    {
        ConsoleA?.Dispose();
        ConsoleB?.Dispose();
        World.Dispose();
    }
}
