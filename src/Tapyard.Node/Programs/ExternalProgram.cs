using Tapyard.Core.Errors;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Processes;

namespace Tapyard.Node.Programs;

/// <summary>
/// The node's helper programs (nft, ovs-vsctl, ovs-ofctl) through <see cref="ProgramRunner"/>: a timeout or a
/// missing program becomes one TapyardException naming the program (and the Debian package to install).
/// </summary>
internal static class ExternalProgram
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the program; a non-zero exit throws with the program and its error output.</summary>
    public static string Run(string file, IReadOnlyList<string> arguments, string? input = null, NetworkNamespace? networkNamespace = null)
    {
        var invocation = Invocation(file, arguments, input, networkNamespace);
        var result = Start(invocation);
        if (result.ExitCode != 0)
            throw new TapyardException($"{invocation} failed (exit {result.ExitCode}): {result.Error.Trim()}");
        return result.Output;
    }

    /// <summary>Runs the program and returns how it ended, for programs whose exit code is an answer (ovs-vsctl br-exists).</summary>
    public static ProgramResult Start(string file, IReadOnlyList<string> arguments, string? input = null, NetworkNamespace? networkNamespace = null) =>
        Start(Invocation(file, arguments, input, networkNamespace));

    private static ProgramResult Start(ProgramInvocation invocation)
    {
        ProgramResult result;
        try
        {
            result = ProgramRunner.Run(invocation);
        }
        catch (TapyardLinuxException e) when (e is ProgramNotFoundException or SpawnFailedException)
        {
            throw new TapyardException($"cannot run {invocation.Program}: {e.Message}", e);
        }
        return result.TimedOut
            ? throw new TapyardException($"{invocation} did not finish within {invocation.Timeout.TotalSeconds:0} s; it was killed")
            : result;
    }

    private static ProgramInvocation Invocation(string file, IReadOnlyList<string> arguments, string? input, NetworkNamespace? networkNamespace) => new()
    {
        Program = file, Arguments = arguments, Input = input, Namespace = networkNamespace, Timeout = DefaultTimeout, Package = PackageOf(file),
    };

    private static string? PackageOf(string file) => Path.GetFileName(file) switch
    {
        "nft" => "nftables",
        "ovs-vsctl" or "ovs-ofctl" => "openvswitch-switch",
        "ip" => "iproute2",
        _ => null,
    };
}
