using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Host;
using Tapyard.Cli.Output;
using Tapyard.Linux;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Tap;

namespace Tapyard.Cli.Commands.Demo;

/// <summary>
/// `tapyard demo`: the README's main job. Until the lab and guests exist it says what the full demo
/// will do and runs the host side that works today, in a throwaway namespace it always removes.
/// </summary>
internal sealed class DemoCommand : Command
{
    private const int Steps = 8;

    public override string Path => "demo";
    public override string Summary => "show Tapyard at work: macvtaps in every mode in a throwaway lab namespace";

    public override string Description =>
        """
        Creates a lab namespace with veth uplinks, a macvtap in each mode (bridge, vepa, private on
        one uplink; passthru on its own), opens a queue fd on each, brings them up, shows them with
        `tapyard host links`, and removes everything again, also on Ctrl-C or failure.
        """;

    public override int Run(CommandContext context)
    {
        var output = context.Output;
        output.WriteLine("Tapyard demo");
        output.WriteLine("  Coming with the lab: two guests booted on macvtaps in node namespaces behind a switch");
        output.WriteLine("  namespace, talking in each macvtap mode, then one live-migrated from node to node.");
        output.WriteLine("  Running today: the host side of that, in a throwaway namespace.");
        output.WriteLine();

        var steps = new DemoSteps(output, Steps, context.Cancellation);
        string name = $"ty-demo-{Guid.NewGuid().ToString("N")[..8]}";
        steps.Begin($"create lab namespace {name}");
        NetworkNamespace? ns = null;
        var queues = new List<TapQueueSet>();
        try
        {
            // Inside the try: whatever Create leaves behind when it fails part-way is removed below too.
            ns = NetworkNamespace.Create(name);
            using var netlink = Rtnetlink.Open(ns);
            Show(context, steps, ns, netlink, queues);
        }
        finally
        {
            // Cleanup must not be cut short by the Ctrl-C that may have brought us here.
            output.WriteLine($"[{Steps}/{Steps}] clean up: close queue fds, delete namespace {name} and every device in it");
            try
            {
                foreach (var set in queues)
                    set.Dispose();
            }
            finally
            {
                ns?.Dispose();
                if (NetworkNamespace.Exists(name))
                    NetworkNamespace.Delete(name);
            }
        }
        output.WriteLine("done: nothing is left behind.");
        return ExitCodes.Success;
    }

    private static void Show(CommandContext context, DemoSteps steps, NetworkNamespace ns, Rtnetlink netlink, List<TapQueueSet> queues)
    {
        var links = netlink.Links;
        steps.Begin("create veth uplink (peer switchport) for bridge, vepa and private, and uplink2 (peer switchport2) for passthru");
        links.Create(new VethLinkSpec { Name = "uplink", PeerName = "switchport", Up = true, DisableIpv6AddressGeneration = true });
        links.Create(new VethLinkSpec { Name = "uplink2", PeerName = "switchport2", Up = true, DisableIpv6AddressGeneration = true });
        links.SetUp("switchport", true);
        links.SetUp("switchport2", true);

        int first = IfindexAllocator.Shared.PickBlock(5);
        DemoMacvtap[] macvtaps =
        [
            new("mvt-bridge", MacvlanMode.Bridge, "uplink", first, DemoMac(1)),
            new("mvt-vepa", MacvlanMode.Vepa, "uplink", first + 1, DemoMac(2)),
            new("mvt-private", MacvlanMode.Private, "uplink", first + 2, DemoMac(3)),
            new("mvt-passthru", MacvlanMode.Passthru, "uplink2", first + 3, DemoMac(4)),
        ];
        steps.Begin("create a macvtap in each mode, with explicit ifindexes so /dev/tapN is unique across namespaces");
        foreach (var macvtap in macvtaps)
        {
            links.Create(macvtap.Spec);
            steps.Detail($"{macvtap.Name,-13} mode {macvtap.Mode.ToName(),-8} on {macvtap.Lower,-7} ifindex {macvtap.Index}  MAC {macvtap.Mac}");
        }

        steps.Begin("a second passthru macvtap on uplink2 must be refused: passthru owns its lower device");
        try
        {
            links.Create(new DemoMacvtap("mvt-pt2", MacvlanMode.Passthru, "uplink2", first + 4, DemoMac(5)).Spec);
            throw new TapyardLinuxException("the kernel accepted a second passthru macvtap on uplink2; expected a refusal");
        }
        catch (PassthruConflictException e)
        {
            steps.Detail($"refused as expected: {e.Message}");
        }

        steps.Begin("open one queue fd on each macvtap (char device checked against the namespace's own sysfs)");
        foreach (var macvtap in macvtaps)
        {
            var set = MacvtapQueues.Open(ns, macvtap.Name);
            queues.Add(set);
            steps.Detail($"{macvtap.Name,-13} fd {set[0].FileDescriptor,-4} via {set[0].OpenedPath}  vnet header {set[0].VnetHeaderSize} bytes");
        }

        steps.Begin("bring the macvtaps up (a node does this just before the guest's vCPUs run)");
        foreach (var macvtap in macvtaps)
            links.SetUp(macvtap.Name, true);

        steps.Begin($"tapyard host links --netns {ns.Name}");
        var rows = HostLinkRows.From(links.List(), kind: null);
        var table = new StringWriter();
        ListPrinter.WriteTable(table, rows, ListPrinter.Choose(HostLinkFields.All, null));
        foreach (var line in table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            steps.Detail(line);
        var passthru = rows.Single(r => r.Name == "mvt-passthru");
        var uplink2 = rows.Single(r => r.Name == "uplink2");
        steps.Detail(passthru.Mac == uplink2.Mac
            ? "note mvt-passthru: it carries uplink2's MAC, as passthru does (the MAC asked for is ignored)"
            : $"note mvt-passthru: MAC {passthru.Mac} differs from uplink2's {uplink2.Mac}; this kernel behaves differently");
    }

    /// <summary>52:54:00 (the QEMU/KVM prefix) and a random tail, so two demos running at once never share a MAC.</summary>
    private static MacAddress DemoMac(int device) =>
        MacAddress.Parse($"52:54:00:{Random.Shared.Next(256):x2}:{Random.Shared.Next(256):x2}:{device:x2}");
}
