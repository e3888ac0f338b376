using System.Diagnostics;

namespace Tapyard.Testing;

/// <summary>
/// A private Open vSwitch for one node: ovsdb-server on a unix socket in a temp directory, and
/// ovs-vswitchd started INSIDE the node's namespace (`ip netns exec`, which execs, so the process we
/// hold is the daemon): with the userspace (netdev) datapath ovs-vswitchd opens each port by name in
/// its own namespace, so a tap in the node namespace is invisible to a host-namespace ovs-vswitchd.
/// Both daemons are killed by their own handles on dispose.
/// </summary>
public sealed class OvsLab : IDisposable
{
    private const string Schema = "/usr/share/openvswitch/vswitch.ovsschema";
    private readonly TempDirectory _directory;
    private readonly List<Process> _daemons = [];

    private OvsLab(TempDirectory directory) => _directory = directory;

    /// <summary>ovs-vsctl's --db value for this switch.</summary>
    public string Database => $"unix:{_directory.File("db.sock")}";

    public static OvsLab Start(string nodeNamespace)
    {
        if (!File.Exists(Schema))
            throw new InvalidOperationException($"{Schema} is missing: install openvswitch-switch");
        var lab = new OvsLab(new TempDirectory("ovs"));
        try
        {
            string dir = lab._directory.Path;
            Run("ovsdb-tool", "create", lab._directory.File("conf.db"), Schema);
            lab.Daemon("ovsdb-server", lab._directory.File("conf.db"), $"--remote=punix:{lab._directory.File("db.sock")}",
                $"--unixctl={lab._directory.File("ovsdb-server.ctl")}", $"--log-file={lab._directory.File("ovsdb-server.log")}");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(lab._directory.File("db.sock")))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(20))
                    throw new TimeoutException($"ovsdb-server made no socket in {dir}");
                Thread.Sleep(10);
            }
            lab.Vsctl("--no-wait", "init");
            lab.Daemon("ip", "netns", "exec", nodeNamespace, "ovs-vswitchd", $"unix:{lab._directory.File("db.sock")}",
                $"--unixctl={lab._directory.File("ovs-vswitchd.ctl")}", $"--log-file={lab._directory.File("ovs-vswitchd.log")}");
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>A userspace-datapath bridge (no openvswitch kernel module here), optionally with an uplink as port.</summary>
    public void AddBridge(string bridge, string? uplink)
    {
        Vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev");
        if (uplink is not null)
            Vsctl("add-port", bridge, uplink);
    }

    public string Vsctl(params string[] arguments) => Run("ovs-vsctl", [$"--db={Database}", "--timeout=20", .. arguments]);

    public string Log => File.Exists(_directory.File("ovs-vswitchd.log")) ? File.ReadAllText(_directory.File("ovs-vswitchd.log")) : "";

    private void Daemon(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (string variable in new[] { "OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVS_SYSCONFDIR" })
            info.Environment[variable] = _directory.Path;
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add(process);
    }

    private static string Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {error.Trim()}");
        return output;
    }

    public void Dispose()
    {
        // vswitchd first: it holds the datapath; then the database.
        for (int i = _daemons.Count - 1; i >= 0; i--)
        {
            try
            {
                if (!_daemons[i].HasExited)
                {
                    _daemons[i].Kill();
                    _daemons[i].WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { }
            _daemons[i].Dispose();
        }
        _directory.Dispose();
    }
}
