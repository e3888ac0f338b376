using System.Net;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Lab;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Bench.Support;

/// <summary>
/// A fresh lab for a guest benchmark (`bench migrate`, `bench boot`): temporary state and runtime
/// directories, lab NAME with its nodes registered in that state, and network <see cref="Network"/>
/// (198.51.100.0/24, gateway = the outside host) connected to the default group as a macvtap in bridge
/// mode on eth0. <see cref="Dispose"/> removes the instances left in the config, the lab (its namespaces
/// by name if `lab down` fails) and the directories. Processes the benchmark started are its own to end.
/// </summary>
internal sealed class BenchLab : IDisposable
{
    public const string Network = "benchnet";

    private readonly Tapyard.Lab.Lab _lab;
    private readonly Action<string> _progress;
    private bool _up;

    private BenchLab(string prefix, int nodes, Action<string> progress)
    {
        Temp = Directory.CreateTempSubdirectory($"tapyard-{prefix}-").FullName;
        StateDirectory = Path.Combine(Temp, "state");
        RunDirectory = Path.Combine(Temp, "run");
        Directory.CreateDirectory(StateDirectory);
        Directory.CreateDirectory(RunDirectory);
        Layout = LabLayout.Create(prefix + Guid.NewGuid().ToString("N")[..6], nodes);
        _progress = progress;
        _lab = new Tapyard.Lab.Lab(StateDirectory, progress, RunDirectory);
        Store = new FileConfigStore(StateDirectory);
    }

    /// <summary>Where the benchmark keeps files of its own (removed with the lab).</summary>
    public string Temp { get; }
    public string StateDirectory { get; }
    public string RunDirectory { get; }
    public LabLayout Layout { get; }
    public FileConfigStore Store { get; }

    /// <summary>Builds the lab (a short random name starting with <paramref name="prefix"/>) and connects <see cref="Network"/>.</summary>
    public static BenchLab Up(string prefix, int nodes, Action<string> progress)
    {
        var lab = new BenchLab(prefix, nodes, progress);
        try
        {
            lab._up = lab._lab.Up(lab.Layout.Name, nodes);
            ConfigTransaction.Run(lab.Store, s =>
            {
                NetworkOperations.Add(s, new NetworkAddRequest { Name = Network, Network = "198.51.100.0/24", Gateway = LabLayout.OutsideAddress.ToString() });
                NetworkOperations.Connect(s, Network, ClusterInitRequest.DefaultGroupName, NicParamsParser.Parse("mode=macvtap,link=eth0,mvtap_mode=bridge"), checkConflicts: true);
            });
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>An instance on node <paramref name="node"/> with one NIC on <see cref="Network"/> at <paramref name="ip"/>.</summary>
    public void AddInstance(string name, int node, IPAddress ip, string? hypervisor = null) =>
        ConfigTransaction.Run(Store, s =>
        {
            InstanceOperations.Add(s, new InstanceAddRequest
            {
                Name = name, Node = Layout.NodeName(node), Nics = [NicRequestParser.Parse($"0:network={Network},ip={ip}")],
            });
            if (hypervisor is not null)
                s.GetInstance(name).Hypervisor = hypervisor;
        });

    public void Dispose()
    {
        try
        {
            // The lab goes down only without instances on its nodes; the benchmark has stopped them.
            ConfigTransaction.Run(Store, s =>
            {
                foreach (string name in s.Config.Instances.Keys.ToList())
                {
                    s.Config.Instances[name].State = InstanceState.Stopped;
                    InstanceOperations.Remove(s, name);
                }
            });
        }
        catch (Exception e) { _progress($"removing the instances from the config failed: {e.Message}"); }
        if (_up)
        {
            try { _lab.Down(Layout.Name); }
            catch (Exception e) { _progress($"lab down failed ({e.Message}); deleting its namespaces"); }
            foreach (string ns in Layout.Namespaces.Where(NetworkNamespace.Exists))
                IpCommand.Run("netns", "del", ns);
        }
        try { Directory.Delete(Temp, recursive: true); }
        catch (IOException) { }
    }
}
