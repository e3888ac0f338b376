using System.Diagnostics;
using Tapyard.Lab.Guest;

namespace Tapyard.Hypervisors.Tests.Support;

/// <summary>
/// One instance booted through the driver for a whole test class (a TCG boot costs 10+ s): "g1" with
/// 2 vCPUs (so its macvtap has 2 queues) and one NIC on net in macvtap bridge mode, console connected
/// and ready. Stopped and torn down on dispose.
/// </summary>
public sealed class BootedInstance : IDisposable
{
    public const string Name = "g1";
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    public BootedInstance()
    {
        World = new DriverWorld("drvguest", new LabGuestBoot());
        try
        {
            World.AddInstance(Name, vcpus: 2);
            Nic = World.NicOf(Name);
            var clock = Stopwatch.StartNew();
            World.Driver.Start(Name);
            StartSeconds = clock.Elapsed.TotalSeconds;
            Console = World.Console(Name);
            Console.WaitForReady(BootTimeout);
            ReadySeconds = clock.Elapsed.TotalSeconds;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DriverWorld World { get; }
    public Core.Operations.ResolvedNic Nic { get; } = null!;
    public GuestConsole Console { get; } = null!;

    /// <summary>From Start() called to Start() returned (plug, spawn, QMP, up, cont).</summary>
    public double StartSeconds { get; }

    /// <summary>From Start() called to the guest's ready line (NICs configured).</summary>
    public double ReadySeconds { get; }

    public void Dispose()
    {
        Console?.Dispose();
        World.Dispose();
    }
}
