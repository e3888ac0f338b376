using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tapyard.Core.Errors;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;
using Tapyard.Linux.Processes;

namespace Tapyard.Lab.Guest;

/// <summary>
/// The lab's guest: a Debian kernel and a busybox initramfs (with the virtio-net modules and
/// <see cref="GuestInit"/>), built on first use into &lt;cache&gt;/guest/&lt;kernel-version&gt;/ and never
/// committed. A build happens in a temporary directory under one lock and is renamed into place with
/// its stamp, so a half-built image is never used and two processes never build at once.
/// </summary>
public sealed partial class GuestImage
{
    public const string CacheDirectoryVariable = "TAPYARD_CACHE_DIR";
    public const string DefaultCacheDirectory = "/var/cache/tapyard";
    public const string KernelFile = "vmlinuz";
    public const string InitrdFile = "initrd.gz";
    /// <summary>Written last: its presence (with the current recipe) is what makes an image complete.</summary>
    public const string StampFile = "stamp";
    private const string BusyboxPath = "/bin/busybox";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(15);
    /// <summary>Generous (a slow mirror, a loaded machine), but a hung step ends and releases the build lock.</summary>
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    private GuestImage(string directory, string kernelVersion)
    {
        Directory = directory;
        KernelVersion = kernelVersion;
    }

    /// <summary>The directory holding the image (&lt;cache&gt;/guest/&lt;kernel-version&gt;).</summary>
    public string Directory { get; }
    public string KernelPath => Path.Combine(Directory, KernelFile);
    public string InitrdPath => Path.Combine(Directory, InitrdFile);
    /// <summary>The kernel's release, as `uname -r` shows it in the guest ("6.1.0-56-amd64").</summary>
    public string KernelVersion { get; }

    /// <summary>
    /// The image: the newest complete one in the cache, else one built for the newest Debian 6.1 kernel
    /// the package sources offer. <paramref name="cacheDirectory"/> defaults to $TAPYARD_CACHE_DIR, then /var/cache/tapyard.
    /// </summary>
    public static GuestImage Ensure(string? cacheDirectory = null, Action<string>? progress = null)
    {
        progress ??= _ => { };
        string cache = cacheDirectory ?? NonEmpty(Environment.GetEnvironmentVariable(CacheDirectoryVariable)) ?? DefaultCacheDirectory;
        string guestDirectory = Path.Combine(cache, "guest");
        // A complete image is used as it is, without asking apt (apt-cache takes 0.5-2.5 s here, at every
        // instance start): a lab keeps one kernel until its cache is cleared. Delete <cache>/guest to pick
        // up a newer Debian kernel.
        if (NewestComplete(guestDirectory) is { } cached)
            return cached;
        string package = NewestKernelPackage()
            ?? throw new TapyardException("guest image: no linux-image-6.1.0-*-amd64 package found with apt-cache; run as root on a machine with Debian's package sources");
        return Ensure(guestDirectory, package, progress);
    }

    /// <summary>The image for kernel <paramref name="package"/> (linux-image-VERSION), built when missing. Internal: tests name a package that does not exist.</summary>
    internal static GuestImage Ensure(string guestDirectory, string package, Action<string> progress)
    {
        string version = package["linux-image-".Length..];
        var image = new GuestImage(Path.Combine(guestDirectory, version), version);
        if (image.IsComplete())
            return image;

        System.IO.Directory.CreateDirectory(guestDirectory);
        using var guard = FileLock.TryAcquire(Path.Combine(guestDirectory, ".lock"), LockTimeout)
            ?? throw new TapyardException($"guest image: another process has been building it in {guestDirectory} for {LockTimeout.TotalMinutes} minutes; wait for it or remove its .build-* directory");
        if (image.IsComplete())
            return image; // built by the process we waited for
        Build(image, package, guestDirectory, progress);
        return image;
    }

    /// <summary>Whether the stamp is there and names this build's recipe (a changed /init means a rebuild).</summary>
    private bool IsComplete()
    {
        string stamp = Path.Combine(Directory, StampFile);
        return File.Exists(stamp) && File.ReadAllText(stamp).Trim() == Recipe && File.Exists(KernelPath) && File.Exists(InitrdPath);
    }

    /// <summary>What the image is made of besides the kernel: a hash of /init and the module list.</summary>
    private static string Recipe { get; } = "recipe " + Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(GuestInit.Script + string.Join(',', GuestInit.Modules))))[..16];

    private static void Build(GuestImage image, string package, string guestDirectory, Action<string> progress)
    {
        var clock = Stopwatch.StartNew();
        // We hold the lock: any build directory left is from a builder that died.
        foreach (string stale in System.IO.Directory.GetDirectories(guestDirectory, ".build-*"))
            System.IO.Directory.Delete(stale, recursive: true);
        string work = Path.Combine(guestDirectory, $".build-{Guid.NewGuid():N}");
        try
        {
            string download = Path.Combine(work, "download");
            string unpacked = Path.Combine(work, "unpacked");
            string initramfs = Path.Combine(work, "initramfs");
            string result = Path.Combine(work, "image");
            foreach (string dir in new[] { download, unpacked, initramfs, result })
                System.IO.Directory.CreateDirectory(dir);

            progress($"guest image: downloading {package}...");
            Download(package, download);
            string deb = System.IO.Directory.GetFiles(download, "*.deb").Single();

            progress($"guest image: unpacking {Path.GetFileName(deb)}...");
            Require(new ProgramInvocation { Program = "dpkg-deb", Arguments = ["-x", deb, unpacked], Package = "dpkg", Timeout = StepTimeout });
            string kernel = Path.Combine(unpacked, "boot", $"vmlinuz-{image.KernelVersion}");
            if (!File.Exists(kernel))
                throw new TapyardException($"guest image: {package} has no boot/vmlinuz-{image.KernelVersion}; the package layout is not the expected Debian one");
            File.Copy(kernel, Path.Combine(result, KernelFile));

            progress("guest image: packing initramfs...");
            StageInitramfs(initramfs, Path.Combine(unpacked, "lib", "modules", image.KernelVersion));
            Pack(initramfs, Path.Combine(result, InitrdFile));
            File.WriteAllText(Path.Combine(result, StampFile), $"{Recipe}\n");

            if (System.IO.Directory.Exists(image.Directory))
                System.IO.Directory.Delete(image.Directory, recursive: true); // an older recipe
            System.IO.Directory.Move(result, image.Directory);
            progress($"guest image: ready in {image.Directory} ({clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
        }
        finally
        {
            if (System.IO.Directory.Exists(work))
                System.IO.Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>/init, /bin/busybox and /lib/modules/NAME.ko for each module of <see cref="GuestInit.Modules"/> the kernel has as a module.</summary>
    private static void StageInitramfs(string root, string modulesDirectory)
    {
        if (!File.Exists(BusyboxPath))
            throw new TapyardException($"guest image: {BusyboxPath} is missing; install busybox-static (apt-get install busybox-static)");
        string bin = Path.Combine(root, "bin");
        string modules = Path.Combine(root, "lib", "modules");
        System.IO.Directory.CreateDirectory(bin);
        System.IO.Directory.CreateDirectory(modules);
        File.Copy(BusyboxPath, Path.Combine(bin, "busybox"));
        MakeExecutable(Path.Combine(bin, "busybox"));
        File.WriteAllText(Path.Combine(root, "init"), GuestInit.Script);
        MakeExecutable(Path.Combine(root, "init"));

        var available = System.IO.Directory.EnumerateFiles(modulesDirectory, "*.ko*", SearchOption.AllDirectories)
            .GroupBy(ModuleName).ToDictionary(g => g.Key, g => g.First());
        foreach (string module in GuestInit.Modules)
        {
            if (!available.TryGetValue(module, out string? source))
                continue; // built into this kernel
            string target = Path.Combine(modules, $"{module}.ko");
            if (source.EndsWith(".ko", StringComparison.Ordinal))
                File.Copy(source, target);
            else
                Decompress(source, target);
        }
    }

    private static string ModuleName(string path)
    {
        string name = Path.GetFileName(path);
        return name[..name.IndexOf(".ko", StringComparison.Ordinal)];
    }

    private static void Decompress(string source, string target)
    {
        (string program, string package) = source switch
        {
            _ when source.EndsWith(".xz", StringComparison.Ordinal) => ("xz", "xz-utils"),
            _ when source.EndsWith(".zst", StringComparison.Ordinal) => ("zstd", "zstd"),
            _ when source.EndsWith(".gz", StringComparison.Ordinal) => ("gzip", "gzip"),
            _ => throw new TapyardException($"guest image: module {Path.GetFileName(source)} has a compression this builder does not know"),
        };
        using var output = File.Create(target);
        Require(new ProgramInvocation { Program = program, Arguments = ["-dc", source], Package = package, WorkingDirectory = Path.GetDirectoryName(source), OutputTo = output, Timeout = StepTimeout });
    }

    /// <summary>`cpio -o -H newc` of everything under <paramref name="root"/>, owned by root, gzipped by .NET.</summary>
    private static void Pack(string root, string target)
    {
        var entries = new List<string> { "." };
        entries.AddRange(System.IO.Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal));
        using var file = File.Create(target);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        Require(new ProgramInvocation
        {
            Program = "cpio", Arguments = ["--quiet", "-o", "-H", "newc", "-R", "0:0"], Package = "cpio", WorkingDirectory = root,
            Input = string.Join('\n', entries) + "\n", OutputTo = gzip, Timeout = StepTimeout,
        });
    }

    /// <summary>`apt-get download` of <paramref name="package"/> into <paramref name="directory"/>.</summary>
    private static void Download(string package, string directory)
    {
        ProgramResult? fetched;
        try
        {
            fetched = ProgramRunner.Run(new ProgramInvocation { Program = "apt-get", Arguments = ["download", "-q", package], WorkingDirectory = directory, Timeout = DownloadTimeout });
        }
        catch (ProgramNotFoundException)
        {
            fetched = null;
        }
        if (fetched is not { Succeeded: true })
        {
            string reason = fetched switch
            {
                null => "apt-get is not installed",
                { TimedOut: true } => $"apt-get did not finish within {DownloadTimeout.TotalMinutes:0} min",
                _ => LastLine(fetched.Error, $"exit code {fetched.ExitCode}"),
            };
            throw new TapyardException($"guest image: could not download {package} ({reason}); run as root on a machine with Debian's package sources");
        }
    }

    /// <summary>Runs one build step; a missing program, a failure or a timeout is one error naming it.</summary>
    private static void Require(ProgramInvocation step)
    {
        ProgramResult run;
        try
        {
            run = ProgramRunner.Run(step);
        }
        catch (ProgramNotFoundException)
        {
            throw new TapyardException($"guest image: {step.Program} is not installed; install {step.Package} (apt-get install {step.Package})");
        }
        if (run.TimedOut)
            throw new TapyardException($"guest image: {step.Program} did not finish within {step.Timeout.TotalSeconds:0} s; it was killed");
        if (run.ExitCode != 0)
            throw new TapyardException($"guest image: {step.Program} failed: {LastLine(run.Error, $"exit code {run.ExitCode}")}");
    }

    private static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("the guest image is built on Linux");
        File.SetUnixFileMode(path, Executable);
    }

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>The newest linux-image-6.1.0-N-amd64 (not -cloud or -rt) apt knows, or null.</summary>
    private static string? NewestKernelPackage()
    {
        ProgramResult search;
        try
        {
            search = ProgramRunner.Run(new ProgramInvocation { Program = "apt-cache", Arguments = ["pkgnames", "linux-image-6.1.0-"], Timeout = StepTimeout });
        }
        catch (ProgramNotFoundException)
        {
            return null;
        }
        if (!search.Succeeded)
            return null;
        return NewestKernelPackage(search.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Of <paramref name="names"/>, the generic amd64 6.1 kernel with the highest ABI number.</summary>
    public static string? NewestKernelPackage(IEnumerable<string> names) =>
        names.Select(n => (Name: n, Match: KernelPackage().Match(n)))
            .Where(p => p.Match.Success)
            .OrderByDescending(p => int.Parse(p.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(p => p.Name).FirstOrDefault();

    private static GuestImage? NewestComplete(string guestDirectory)
    {
        if (!System.IO.Directory.Exists(guestDirectory))
            return null;
        return System.IO.Directory.GetDirectories(guestDirectory)
            .Select(d => (Dir: d, Match: KernelVersionPattern().Match(Path.GetFileName(d))))
            .Where(p => p.Match.Success)
            .OrderByDescending(p => int.Parse(p.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(p => new GuestImage(p.Dir, Path.GetFileName(p.Dir)))
            .FirstOrDefault(i => i.IsComplete());
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string LastLine(string? text, string fallback) =>
        text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => !l.StartsWith("W:", StringComparison.Ordinal)) ?? fallback;

    [GeneratedRegex(@"^linux-image-6\.1\.0-([0-9]+)-amd64$")]
    private static partial Regex KernelPackage();

    [GeneratedRegex(@"^6\.1\.0-([0-9]+)-amd64$")]
    private static partial Regex KernelVersionPattern();
}
