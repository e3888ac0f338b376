namespace Tapyard.Node.Tests.Support;

/// <summary>
/// A temp state directory with hook scripts under network/&lt;mode&gt;/, and an output directory the
/// scripts write to (they get a clean environment, so its path is written into each script).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class HookScripts : IDisposable
{
    private readonly TempDirectory _state = new("hooks");

    public HookScripts() => Directory.CreateDirectory(Output);

    public string StateDirectory => _state.Path;

    public string Output => _state.File("out");

    /// <summary>Writes network/<paramref name="mode"/>/<paramref name="relativePath"/> (e.g. "up", "up.d/10-a") with a /bin/sh shebang.</summary>
    public string Write(string relativePath, string body, string mode = "macvtap", bool executable = true)
    {
        string path = Path.Combine(_state.Path, "network", mode, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("$OUT", Output) + "\n");
        File.SetUnixFileMode(path, executable
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>A script body that saves its environment to $OUT/NAME.env and whether the device is visible in /sys and to ip.</summary>
    public static string SaveEnvironment(string name) =>
        $"env > $OUT/{name}.env\n"
        + $"if [ -e /sys/class/net/$INTERFACE ]; then echo SYSFS=yes >> $OUT/{name}.seen; else echo SYSFS=no >> $OUT/{name}.seen; fi\n"
        + $"if ip link show dev \"$INTERFACE\" >/dev/null 2>&1; then echo IP=yes >> $OUT/{name}.seen; else echo IP=no >> $OUT/{name}.seen; fi\n"
        + $"echo $ACTION-$INTERFACE_INDEX >> $OUT/order.log";

    /// <summary>The variables a script saved with <see cref="SaveEnvironment"/>.</summary>
    public Dictionary<string, string> Environment(string name) =>
        File.ReadAllLines(Path.Combine(Output, name + ".env"))
            .Where(line => line.Contains('='))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    public string Seen(string name) => File.ReadAllText(Path.Combine(Output, name + ".seen")).Trim();

    public IReadOnlyList<string> Order() =>
        File.Exists(Path.Combine(Output, "order.log")) ? File.ReadAllLines(Path.Combine(Output, "order.log")) : [];

    public void Dispose() => _state.Dispose();
}
