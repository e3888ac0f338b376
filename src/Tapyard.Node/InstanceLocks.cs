using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tapyard.Core.Errors;
using Tapyard.Linux.Files;

namespace Tapyard.Node;

/// <summary>
/// One flock per instance and node, &lt;run&gt;/instances/&lt;node&gt;/&lt;instance&gt;.lock, held while a process
/// plugs, unplugs, sweeps or sets the state of the instance's NICs: two processes plugging one instance
/// at once serialize (the second sweeps what the first made and plugs afresh) instead of sweeping each
/// other's devices mid-plug. The kernel drops the lock when its holder dies, so a crash never leaves it held.
/// </summary>
public sealed partial class InstanceLocks
{
    /// <summary>Longest wait for another process's operation on the instance (hooks may take 30 s each).</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(120);

    private readonly TimeSpan _wait;

    public InstanceLocks(string runtimeDirectory, string node, TimeSpan? wait = null)
    {
        Node = node;
        Directory = Path.Combine(Path.GetFullPath(runtimeDirectory), "instances", node);
        _wait = wait ?? DefaultWait;
    }

    public string Node { get; }

    public string Directory { get; }

    /// <summary>The lock file of <paramref name="instance"/>: its name when that is a plain file name, else a hash of it.</summary>
    public string PathOf(string instance) =>
        Path.Combine(Directory, (PlainName().IsMatch(instance) && instance is not ("." or "..")
            ? instance
            : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(instance)))) + ".lock");

    /// <summary>Takes the instance's lock, waiting while another process holds it; dispose to release.</summary>
    public FileLock Acquire(string instance)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string path = PathOf(instance);
        return FileLock.TryAcquire(path, _wait)
            ?? throw new TapyardException(
                $"instance {instance} is being plugged or unplugged by another Tapyard process on node {Node} (lock {path} held for more than {_wait.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s); try again when it is done");
    }

    [GeneratedRegex("^[A-Za-z0-9._:@+-]{1,200}$")]
    private static partial Regex PlainName();
}
