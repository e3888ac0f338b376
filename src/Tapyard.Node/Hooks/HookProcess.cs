using System.Diagnostics;
using Tapyard.Linux.Processes;

namespace Tapyard.Node.Hooks;

/// <summary>
/// Starts one hook script with an argument vector (never a shell), a clean environment, stdin closed and
/// stdout/stderr captured, and kills its whole process group at the timeout.
///
/// How the script is started: `setsid [ip netns exec NS] SCRIPT`. setsid(1) makes the script the leader
/// of a new process group (the .NET child is not a group leader, so setsid execs without forking: the PID
/// we know is the group's id), and kill(-PID) at the timeout takes down what the script started. For a lab
/// node, `ip netns exec NS` enters the node's namespace and also mounts a /sys of that namespace, so the
/// script sees the device in /sys/class/net as well as in `ip link` (a setns from our own namespace thread
/// could not do the latter, and .NET's Process cannot run code in the child before exec). Both exec in turn,
/// so the script keeps the PID.
/// </summary>
internal static class HookProcess
{
    /// <summary>The hook's PATH: the usual system directories, nothing inherited.</summary>
    public const string SearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private const int TailLines = 20;
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(10);

    public static HookRun Run(string script, IReadOnlyDictionary<string, string> variables, string? networkNamespace, TimeSpan timeout)
    {
        var start = new ProcessStartInfo
        {
            FileName = Tool("setsid", "util-linux"),
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (networkNamespace is not null)
        {
            start.ArgumentList.Add(Tool("ip", "iproute2"));
            start.ArgumentList.Add("netns");
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(networkNamespace);
        }
        start.ArgumentList.Add(script);
        start.Environment.Clear();
        start.Environment["PATH"] = SearchPath;
        foreach (var (name, value) in variables)
            start.Environment[name] = value;

        var stdout = new OutputTail(TailLines);
        var stderr = new OutputTail(TailLines);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => stdout.Receive(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.Receive(e.Data);
        process.Start();
        process.StandardInput.Close(); // a hook reading stdin gets end-of-file, not our terminal
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool timedOut = !process.WaitForExit(timeout);
        if (timedOut)
        {
            ProcessGroup.Kill(process.Id);
            try { process.Kill(entireProcessTree: true); } // anything that left the group but is still a descendant
            catch (InvalidOperationException) { } // already gone
            process.WaitForExit(ReapGrace);
        }
        // A background child of the script may hold the pipes open: take what arrived, do not wait for it.
        Task.WaitAll([stdout.Ended, stderr.Ended], OutputGrace);
        int? exitCode = timedOut || !process.HasExited ? null : process.ExitCode;
        return new HookRun(exitCode, timedOut, stdout.Lines(), stderr.Lines());
    }

    private static string Tool(string name, string package)
    {
        foreach (string directory in SearchPath.Split(':'))
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path))
                return path;
        }
        throw new Core.Errors.TapyardException($"{name} is needed to run NIC hooks but was not found in {SearchPath}; install {package}");
    }
}
