// Plugs COUNT macvtap NICs (MACs 52:54:00:MM:xx:yy) of INSTANCE on eth0 of the lab node living in
// namespace NETNS, once a line arrives on stdin (so tests can start several at the same moment).
// Says "ready" before waiting for that line. Prints "plugged DEVICE IFINDEX" per NIC, then "done". Then either exits without unplugging
// (devices and records stay, as after a crash) or holds its queue fds until it is killed.
// Usage: Tapyard.Node.Plugger RUNDIR NODE NETNS INSTANCE COUNT MACBYTE exit|hold
using System.Globalization;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

if (args.Length != 7 || args[6] is not ("exit" or "hold"))
{
    Console.Error.WriteLine("usage: Tapyard.Node.Plugger RUNDIR NODE NETNS INSTANCE COUNT MACBYTE exit|hold");
    return 2;
}
string runDirectory = args[0], node = args[1], netns = args[2], instanceName = args[3];
int count = int.Parse(args[4], CultureInfo.InvariantCulture);
int macByte = int.Parse(args[5], CultureInfo.InvariantCulture);

try
{
    using var ns = NetworkNamespace.Open(netns);
    using var nics = new NodeNics(node, ns, runDirectory);
    var instance = new Instance { Name = instanceName, NodeUuid = Guid.NewGuid() };
    var list = Enumerable.Range(0, count)
        .Select(i => new ResolvedNic(i, null, $"52:54:00:{macByte:x2}:{i >> 8:x2}:{i & 0xff:x2}", null, null, NicMode.Macvtap, "eth0", null,
            MvtapMode.Bridge, false, false, false, false, Guid.NewGuid()))
        .ToList();
    Console.WriteLine("ready");
    Console.Out.Flush();
    Console.ReadLine();
    var plugged = nics.Plug(instance, list);
    foreach (var nic in plugged.Nics)
        Console.WriteLine($"plugged {nic.Device} {nic.Ifindex}");
    Console.WriteLine("done");
    Console.Out.Flush();
    if (args[6] == "hold")
        Thread.Sleep(Timeout.Infinite);
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
