using System.Globalization;
using Tapyard.Core.Errors;

namespace Tapyard.Node.Hooks;

/// <summary>
/// The per-mode NIC hooks of a node, Ganeti's kvm-ifup/kvm-ifdown made per mode: under
/// &lt;state dir&gt;/network/&lt;mode&gt;/ (mode = macvtap, bridged, routed or openvswitch), the executable
/// file `up` and then the files of `up.d/` in name order (hidden files and backups ending in ~ are
/// skipped) run after a NIC's device is configured; `down` and `down.d/` before it is removed.
/// Up: the first failing script (non-zero exit, timeout, not executable) stops the plug, which is then
/// rolled back. Down: a failure is reported and removal goes on.
/// </summary>
public sealed class NicHooks
{
    public const string DirectoryName = "network";
    /// <summary>Seconds a hook may run, overriding <see cref="DefaultTimeout"/> (for the CLI).</summary>
    public const string TimeoutVariable = "TAPYARD_HOOK_TIMEOUT";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Action<HookException> _downFailed;

    /// <param name="root">The directory holding one directory per mode.</param>
    /// <param name="timeout">How long one script may run before its process group is killed; null: 30 s.</param>
    /// <param name="downFailed">Told about each failing down hook; null: one warning line on stderr.</param>
    public NicHooks(string root, TimeSpan? timeout = null, Action<HookException>? downFailed = null)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "a hook timeout must be positive");
        Root = Path.GetFullPath(root);
        Timeout = timeout ?? DefaultTimeout;
        _downFailed = downFailed ?? (e => Console.Error.WriteLine($"warning: {e.Message}; the NIC is removed anyway"));
    }

    /// <summary>The hooks of a state directory (&lt;state&gt;/network), with the timeout from TAPYARD_HOOK_TIMEOUT when set.</summary>
    public static NicHooks ForStateDirectory(string stateDirectory, Action<HookException>? downFailed = null) =>
        new(Path.Combine(stateDirectory, DirectoryName), TimeoutFromEnvironment(), downFailed);

    public string Root { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The scripts for <paramref name="mode"/> and <paramref name="action"/>, in the order they run.</summary>
    public IReadOnlyList<string> ScriptsFor(string mode, HookAction action)
    {
        string directory = Path.Combine(Root, mode);
        string name = action == HookAction.Up ? "up" : "down";
        var scripts = new List<string>();
        string single = Path.Combine(directory, name);
        if (File.Exists(single))
            scripts.Add(single);
        string parts = Path.Combine(directory, name + ".d");
        if (Directory.Exists(parts))
            scripts.AddRange(Directory.EnumerateFiles(parts)
                .Where(path => Path.GetFileName(path) is { } file && !file.StartsWith('.') && !file.EndsWith('~'))
                .Order(StringComparer.Ordinal));
        return scripts;
    }

    /// <summary>Whether any hook exists for <paramref name="mode"/> (when none, plugging skips all hook work).</summary>
    public bool HasAny(string mode) => ScriptsFor(mode, HookAction.Up).Count > 0 || ScriptsFor(mode, HookAction.Down).Count > 0;

    /// <summary>
    /// Runs the up scripts of the NIC's mode in order; throws <see cref="HookException"/> at the first that
    /// is not executable, exits non-zero or times out ("up hook P for NIC 0 of instance X failed (exit 3): LINE").
    /// </summary>
    /// <param name="networkNamespace">The node's named namespace (scripts run in it), or null for this host's.</param>
    public void RunUp(HookEnvironment environment, string? networkNamespace)
    {
        foreach (string script in ScriptsFor(environment.Mode, HookAction.Up))
            Run(script, HookAction.Up, environment, networkNamespace);
    }

    /// <summary>Runs every down script of the NIC's mode; failures are reported (and returned), never thrown.</summary>
    public IReadOnlyList<HookException> RunDown(HookEnvironment environment, string? networkNamespace)
    {
        var failures = new List<HookException>();
        foreach (string script in ScriptsFor(environment.Mode, HookAction.Down))
        {
            try { Run(script, HookAction.Down, environment, networkNamespace); }
            catch (HookException e)
            {
                failures.Add(e);
                _downFailed(e);
            }
        }
        return failures;
    }

    private void Run(string script, HookAction action, HookEnvironment environment, string? networkNamespace)
    {
        string what = $"{Name(action)} hook {script} for NIC {environment.NicIndex} of instance {environment.Instance}";
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("NIC hooks run on Linux only");
        var variables = new Dictionary<string, string>(environment.Variables, StringComparer.Ordinal) { ["ACTION"] = Name(action) };
        HookRun run;
        try
        {
            if ((File.GetUnixFileMode(script) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
                throw new HookException($"{what} is not executable; make it executable (chmod +x {script}) or remove it", script, action);
            run = HookProcess.Run(script, variables, networkNamespace, Timeout);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException
            or (TapyardException and not HookException))
        {
            // Gone since it was listed, a missing setsid or ip, exec refused (a bad #! line): one line naming the script.
            throw new HookException($"{what} could not be started: {e.Message}", script, action, inner: e);
        }
        if (run.Succeeded)
            return;
        var output = run.Stdout.Concat(run.Stderr).ToList();
        if (run.TimedOut)
            throw new HookException($"{what} timed out after {Seconds(Timeout)} s and was killed: {run.LastLine}", script, action,
                timedOut: true, output: output);
        throw new HookException($"{what} failed (exit {run.ExitCode}): {run.LastLine}", script, action, run.ExitCode, output: output);
    }

    private static string Name(HookAction action) => action == HookAction.Up ? "up" : "down";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static TimeSpan? TimeoutFromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(TimeoutVariable);
        if (string.IsNullOrEmpty(text))
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds <= 0 || seconds > 86_400)
            throw new TapyardException($"{TimeoutVariable}='{text}' is not a number of seconds between 0 and 86400; fix or unset it");
        return TimeSpan.FromSeconds(seconds);
    }
}
