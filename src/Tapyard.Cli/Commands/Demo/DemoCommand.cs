using System.Net;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Errors;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Lab;
using Tapyard.Lab.Guest;
using Tapyard.Lab.Probes;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Commands.Demo;

/// <summary>
/// `tapyard demo`, the README's main job: a two-node lab, a network connected in macvtap bridge mode,
/// three QEMU guests (two on node 1, one on node 2), a ping matrix between them and the outside host,
/// `network info` and `node verify`, then a live migration under a 20 ms ping, and a cleanup that
/// leaves nothing (unless --keep). Every change goes through the same `tapyard` commands a user types.
/// </summary>
internal sealed class DemoCommand : Command
{
    private const int Steps = 10;
    private static readonly OptionSpec Keep = OptionSpec.Flag("keep", "leave the lab, network and guests running at the end");
    private static readonly OptionSpec LabName = OptionSpec.Value("lab", "NAME", "the demo lab's name (default tydemo)");
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan PingInterval = TimeSpan.FromMilliseconds(20);

    public override string Path => "demo";
    public override string Summary => "the lab at work: three guests on macvtap, a ping matrix, a live migration";
    public override IReadOnlyList<OptionSpec> Options { get; } = [Keep, LabName];

    public override string Description =>
        """
        Builds a two-node lab (namespaces behind a switch, an outside host 198.51.100.1), adds a network
        198.51.100.0/24 connected in macvtap bridge mode, starts three QEMU guests (two on node 1, one
        on node 2), prints who can ping whom, `network info` and `node verify`, migrates a guest to node
        2 while pinging it every 20 ms and prints the loss, then removes everything it made (unless
        --keep). A lab or guests left by an interrupted demo are removed first.
        """;

    public override int Run(CommandContext context)
    {
        var output = context.Output;
        string lab = context.Arguments.Value(LabName.Name) ?? "tydemo";
        var layout = LabLayout.Create(lab, 2);
        var names = new DemoNames(lab);
        string stateDirectory = StateDirectory.Resolve(context.Arguments.Value(GlobalOptions.StateDir.Name));
        var shell = new DemoShell(output, stateDirectory, context.Cancellation);
        var steps = new DemoSteps(output, Steps, context.Cancellation);
        output.WriteLine($"Tapyard demo (state {stateDirectory}; lab {lab})");

        steps.Begin("the guest image: a Debian kernel and a busybox initramfs, built once into the cache");
        var image = GuestImage.Ensure(progress: steps.Detail);
        steps.Detail($"kernel {image.KernelVersion}: {image.KernelPath}");

        if (Leftovers(context, names, layout))
        {
            steps.Detail($"a previous demo left lab {lab} or its objects: removing them first");
            CleanUp(shell, context, names, layout);
        }
        bool keep = context.Arguments.Has(Keep.Name);
        var consoles = new Dictionary<string, GuestConsole>();
        bool finished = false;
        try
        {
            Show(context, shell, steps, names, layout, consoles);
            finished = true;
        }
        finally
        {
            foreach (var console in consoles.Values)
                console.Dispose();
            if (keep && finished)
            {
                output.WriteLine($"[{Steps}/{Steps}] kept: the lab, network {names.Network} and the guests stay; remove them with `tapyard demo` again or by hand");
            }
            else
            {
                // Also after a failure or Ctrl-C: a demo must not leave guests and namespaces behind.
                output.WriteLine($"[{Steps}/{Steps}] clean up: stop and remove the guests, remove the network, take the lab down");
                CleanUp(shell, context, names, layout);
            }
        }
        output.WriteLine(keep ? "done." : "done: nothing is left behind.");
        return ExitCodes.Success;
    }

    private static void Show(CommandContext context, DemoShell shell, DemoSteps steps, DemoNames names, LabLayout layout,
        Dictionary<string, GuestConsole> consoles)
    {
        var output = context.Output;
        steps.Begin($"the lab: switch {layout.SwitchNamespace}, nodes {string.Join(", ", layout.NodeNames)}, outside host {LabLayout.OutsideAddress}");
        shell.Run("lab", "up", "--name", layout.Name, "--nodes", "2");

        steps.Begin($"a network for the guests, connected in macvtap bridge mode on the nodes' uplink {LabLayout.Uplink}");
        shell.Run("network", "add", "--network", "198.51.100.0/24", "--gateway", LabLayout.OutsideAddress.ToString(), names.Network);
        shell.Run("network", "connect", "-N", $"mode=macvtap,link={LabLayout.Uplink},mvtap_mode=bridge", names.Network, ClusterInitRequest.DefaultGroupName);

        steps.Begin("three instances: two on node 1, one on node 2, each with an address from the pool");
        string[] nodes = [layout.NodeName(1), layout.NodeName(1), layout.NodeName(2)];
        for (int i = 0; i < names.Guests.Count; i++)
            shell.Run("instance", "add", "--node", nodes[i], "--net", $"0:network={names.Network},ip=pool", names.Guests[i]);
        var state = ConfigAccess.Read(context);
        var guests = names.Guests.Select((name, i) => new DemoGuest(name, nodes[i], IPAddress.Parse(state.GetInstance(name).Nics[0].Ip!))).ToList();

        steps.Begin("start them: NICs plugged DOWN, QEMU started paused with the queue fds, NICs up, then the vCPUs run");
        foreach (var guest in guests)
            shell.Run("instance", "start", guest.Name);
        string runDirectory = RuntimeDirectory.Resolve(null);
        foreach (var guest in guests)
        {
            var console = GuestConsole.Connect(QemuRuntimePaths.For(runDirectory, guest.Name).ConsoleSocket, timeout: TimeSpan.FromSeconds(30));
            consoles[guest.Name] = console;
        }
        var booting = System.Diagnostics.Stopwatch.StartNew();
        foreach (var guest in guests)
        {
            consoles[guest.Name].WaitForReady(BootTimeout);
            steps.Detail($"{guest.Name} on {guest.Node} is up at {guest.Address} ({booting.Elapsed.TotalSeconds:0.0} s)");
        }

        steps.Begin("who reaches whom (2 pings each; macvtap bridge mode: same-node guests talk directly, others through the switch)");
        int lost = DemoPingMatrix.Print(output, guests, consoles, layout.OutsideNamespace, LabLayout.OutsideAddress);
        if (lost > 0)
            throw new TapyardException($"{lost} pair(s) of the ping matrix got no reply; see the guests' consoles with `tapyard instance console NAME`");

        steps.Begin("what the cluster knows, and what the nodes hold");
        shell.Run("network", "info", names.Network);
        shell.Run("node", "verify", layout.NodeName(1), layout.NodeName(2));

        var moving = guests[0];
        string target = layout.NodeName(2);
        steps.Begin($"live-migrate {moving.Name} from {moving.Node} to {target} while {layout.OutsideNamespace} pings it every {PingInterval.TotalMilliseconds:0} ms");
        var pinger = ContinuousPinger.Start(layout.OutsideNamespace, moving.Address, PingInterval);
        try
        {
            Thread.Sleep(500);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            shell.Run("instance", "migrate", "--target", target, moving.Name);
            var took = clock.Elapsed;
            Thread.Sleep(1000);
            var pings = pinger.Stop();
            steps.Detail($"migration took {took.TotalSeconds:0.00} s; pings: {pings.Sent} sent, {pings.Received} answered, "
                + $"{pings.Lost} lost; longest silence {pings.LongestOutage.TotalMilliseconds:0} ms");
        }
        finally
        {
            pinger.Dispose();
        }
        steps.Begin($"after the migration: {moving.Name} runs on {target}, {moving.Node} holds none of its devices, everyone still reaches everyone");
        shell.Run("instance", "list");
        shell.Run("node", "verify", layout.NodeName(1), layout.NodeName(2));
        // The console socket of the moved guest now belongs to the QEMU on the target: reconnect.
        consoles[moving.Name].Dispose();
        consoles[moving.Name] = GuestConsole.Connect(QemuRuntimePaths.For(runDirectory, moving.Name).ConsoleSocket, timeout: TimeSpan.FromSeconds(30));
        var moved = guests.Select(g => g == moving ? g with { Node = target } : g).ToList();
        lost = DemoPingMatrix.Print(output, moved, consoles, layout.OutsideNamespace, LabLayout.OutsideAddress);
        if (lost > 0)
            throw new TapyardException($"{lost} pair(s) of the ping matrix got no reply after the migration");
    }

    /// <summary>Whether the lab or any object this demo makes already exists.</summary>
    private static bool Leftovers(CommandContext context, DemoNames names, LabLayout layout)
    {
        if (layout.Namespaces.Any(NetworkNamespace.Exists))
            return true;
        if (!ConfigAccess.Open(context).IsInitialized())
            return false;
        var config = ConfigAccess.Read(context).Config;
        return config.Networks.ContainsKey(names.Network) || names.Guests.Any(config.Instances.ContainsKey);
    }

    /// <summary>Stops and removes the guests, disconnects and removes the network, takes the lab down; goes on past failures.</summary>
    private static void CleanUp(DemoShell shell, CommandContext context, DemoNames names, LabLayout layout)
    {
        var config = ConfigAccess.Read(context).Config;
        foreach (string guest in names.Guests.Where(config.Instances.ContainsKey))
        {
            shell.RunAllowingFailure("instance", "stop", guest);
            shell.RunAllowingFailure("instance", "remove", guest);
        }
        if (config.Networks.ContainsKey(names.Network))
        {
            if (config.Groups.ContainsKey(ClusterInitRequest.DefaultGroupName))
                shell.RunAllowingFailure("network", "disconnect", names.Network, ClusterInitRequest.DefaultGroupName);
            shell.RunAllowingFailure("network", "remove", names.Network);
        }
        shell.RunAllowingFailure("lab", "down", "--name", layout.Name);
    }
}
