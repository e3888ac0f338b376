using System.Net;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Lab;
using Tapyard.Lab.Guest;
using Tapyard.Lab.Libvirt;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>
/// <see cref="MigrationLab"/>'s world for the libvirt driver: a two-node lab, a private libvirtd in each
/// node's namespace (one URI template with "{node}"), a third node "bare" without eth0 and without a
/// libvirtd, and one running libvirt guest on a macvtap (bridge, eth0) of node 1, 198.51.100.21.
/// The daemons (and every QEMU they run) are stopped by PID on dispose.
/// </summary>
public sealed class LibvirtMigrationLab : IDisposable
{
    public const string InstanceName = "lvmig1";
    public const string NetworkName = MigrationWorld.NetworkName;
    public const string BareNode = MigrationWorld.BareNode;
    public static readonly IPAddress GuestAddress = IPAddress.Parse("198.51.100.21");
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private readonly MigrationWorld _world = null!;
    private readonly List<PrivateLibvirtd> _daemons = [];

    public LibvirtMigrationLab()
    {
        string? daemons = null;
        try
        {
            _world = new MigrationWorld("lm", InstanceName, GuestAddress, (world, node) =>
            {
                daemons ??= Path.Combine(Path.GetDirectoryName(world.RunDirectory)!, "lv");
                _daemons.Add(PrivateLibvirtd.Start(Path.Combine(daemons, world.Layout.NodeName(node)), world.Layout.NodeNamespace(node)));
            });
            Options = new LibvirtDriverOptions
            {
                Uri = $"qemu+unix:///system?socket={daemons}/{{node}}/run/libvirt-sock",
                RuntimeDirectory = RunDirectory, Boot = new LabGuestBoot(_world.Image, LabLayout.OutsideAddress),
            };
            Driver = new LibvirtDriver(Store, Options);
            Migrator = new LibvirtMigrator(Store, Options);
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
    public TestNamespace Bare => _world.Bare;
    public FileConfigStore Store => _world.Store;
    public LibvirtDriverOptions Options { get; } = null!;
    public LibvirtDriver Driver { get; } = null!;
    public LibvirtMigrator Migrator { get; } = null!;
    public GuestConsole Console { get; private set; } = null!;

    public string Domain => ConfigTransaction.Read(Store).GetInstance(InstanceName).Uuid.ToString("D");

    public GuestConsole ConnectConsole()
    {
        var paths = Driver.PathsOf(InstanceName);
        var console = GuestConsole.Connect(paths.ConsoleSocket, paths.ConsoleLog, TimeSpan.FromSeconds(30));
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

    /// <summary>The UUIDs of the domains the libvirtd of <paramref name="node"/> runs.</summary>
    public IReadOnlyList<string> DomainsOn(string node) =>
        Driver.VirshFor(node).Check("list", ["list", "--all", "--uuid"]).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<NicRecord> RecordsOn(string node) => _world.RecordsOn(node);

    public IReadOnlyList<Linux.Links.LinkInfo> MacvtapsIn(string netns) => MigrationWorld.MacvtapsIn(netns);

    public void Dispose()
    {
        Console?.Dispose();
        try { Driver?.Stop(InstanceName); }
        catch (Exception e) { System.Console.Error.WriteLine($"stopping {InstanceName} failed: {e.Message}"); }
        foreach (var daemon in _daemons)
        {
            try { daemon.Dispose(); }
            catch (Exception e) { System.Console.Error.WriteLine($"stopping libvirtd {daemon.Pid} failed: {e.Message}"); }
        }
        _world?.Dispose();
    }
}
