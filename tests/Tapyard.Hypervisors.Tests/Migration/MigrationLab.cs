using System.Net;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Lab;
using Tapyard.Lab.Guest;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>
/// A two-node lab (plus a third node whose namespace has no eth0) with one running guest on a
/// macvtap (bridge mode, link eth0) of node 1, shared by the migration and hot-plug tests (boots are
/// expensive under TCG). The guest is 198.51.100.20; the outside host 198.51.100.1 pings it.
/// </summary>
public sealed class MigrationLab : IDisposable
{
    public const string InstanceName = "mig1";
    public const string NetworkName = MigrationWorld.NetworkName;
    public const string BareNode = MigrationWorld.BareNode;
    public static readonly IPAddress GuestAddress = IPAddress.Parse("198.51.100.20");
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private readonly MigrationWorld _world;

    public MigrationLab()
    {
        _world = new MigrationWorld("mg", InstanceName, GuestAddress);
        try
        {
            Options = new QemuDriverOptions { RuntimeDirectory = RunDirectory, Boot = new LabGuestBoot(Image, LabLayout.OutsideAddress) };
            Driver = new QemuDriver(Store, Options);
            Migrator = new QemuMigrator(Store, Options);
            Driver.Start(InstanceName);
            Console = ConnectConsole();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string StateDirectory => _world.StateDirectory;
    public string RunDirectory => _world.RunDirectory;
    public string LabName => _world.LabName;
    public LabLayout Layout => _world.Layout;
    public GuestImage Image => _world.Image;
    public TestNamespace Bare => _world.Bare;
    public FileConfigStore Store => _world.Store;
    public QemuDriverOptions Options { get; } = null!;
    public QemuDriver Driver { get; } = null!;
    public QemuMigrator Migrator { get; } = null!;

    /// <summary>The guest's serial console; reconnected after a migration (the old QEMU's socket is gone).</summary>
    public GuestConsole Console { get; private set; } = null!;

    public QemuRuntimePaths Paths => Driver.PathsOf(InstanceName);

    public GuestConsole ConnectConsole()
    {
        var console = GuestConsole.Connect(Paths.ConsoleSocket, Paths.ConsoleLog, TimeSpan.FromSeconds(30));
        console.WaitForReady(BootTimeout);
        return console;
    }

    public void ReconnectConsole()
    {
        Console.Dispose();
        Console = ConnectConsole();
    }

    public string CurrentNode() => _world.CurrentNode();

    public string OtherNode(string node) => _world.OtherNode(node);

    public IReadOnlyList<NicRecord> RecordsOn(string node) => _world.RecordsOn(node);

    public IReadOnlyList<Linux.Links.LinkInfo> MacvtapsIn(string netns) => MigrationWorld.MacvtapsIn(netns);

    public void Dispose()
    {
        Console?.Dispose();
        try { Driver?.Stop(InstanceName); }
        catch (Exception e) { System.Console.Error.WriteLine($"stopping {InstanceName} failed: {e.Message}"); }
        // Whatever Stop did: no QEMU of ours survives (the current one and any incoming one).
        if (Directory.Exists(Path.Combine(RunDirectory, "instances")))
            foreach (string record in Directory.GetFiles(Path.Combine(RunDirectory, "instances"), "qemu.json", SearchOption.AllDirectories))
                if (QemuProcess.TryLoad(new QemuRuntimePaths(Path.GetDirectoryName(record)!)) is { IsAlive: true } left)
                    left.Kill();
        _world.Dispose();
    }
}
