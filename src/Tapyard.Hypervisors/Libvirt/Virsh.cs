using Tapyard.Linux.Errors;
using Tapyard.Linux.Processes;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// libvirt through `virsh -c URI ...`, one argument vector per call (never a shell).
/// Why virsh and not libvirt.so through P/Invoke: the calls Tapyard makes are few and coarse (create,
/// resume, destroy, reset, domstate, migrate: a handful per instance start, stop or migration (plus one
/// long-running `virsh event` during a migration, <see cref="LifecycleWatch"/>), each costing far more inside
/// libvirtd than a virsh process does), virsh is libvirt's own stable, documented interface with error
/// messages an operator can paste, and it keeps the libvirt client library (and its event loop and
/// threads) out of the Tapyard process; P/Invoke would add a native binding surface to maintain for no
/// measurable gain here.
/// </summary>
public sealed class Virsh(string uri, string binary = Virsh.DefaultBinary)
{
    public const string DefaultBinary = "virsh";

    /// <summary>libvirt's own message for a domain it does not know (virsh prints it in its error).</summary>
    public const string NoDomainMessage = "failed to get domain";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public string Uri { get; } = uri;

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Succeeded => ExitCode == 0;

        /// <summary>virsh's error without its "error: " prefixes and line breaks: one line for a message.</summary>
        public string ErrorLine => string.Join("; ", Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.StartsWith("error: ", StringComparison.Ordinal) ? line["error: ".Length..] : line));

        public bool DomainMissing => !Succeeded && Error.Contains(NoDomainMessage, StringComparison.Ordinal);
    }

    /// <summary>Runs virsh; a virsh that cannot be started or does not finish is a <see cref="HypervisorException"/>.</summary>
    public Result Run(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var given = arguments.ToList();
        ProgramResult result;
        try
        {
            result = ProgramRunner.Run(new ProgramInvocation
            {
                Program = binary, Arguments = ["-q", "-c", Uri, .. given], Timeout = limit, Package = "libvirt-clients",
            });
        }
        catch (TapyardLinuxException e) when (e is ProgramNotFoundException or SpawnFailedException)
        {
            throw new HypervisorException($"cannot run {binary}: {e.Message}", e);
        }
        if (result.TimedOut || result.ExitCode is not { } exit)
            throw new HypervisorException($"virsh -c {Uri} {string.Join(' ', given)} did not finish within {limit.TotalSeconds:0} s; is libvirtd answering?");
        return new Result(exit, result.Output, result.Error);
    }

    /// <summary>Runs virsh and throws when it fails, with <paramref name="what"/> and virsh's message.</summary>
    public Result Check(string what, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var result = Run(arguments, timeout);
        return result.Succeeded ? result : throw new HypervisorException($"{what}: libvirt ({Uri}) says: {result.ErrorLine}");
    }
}
