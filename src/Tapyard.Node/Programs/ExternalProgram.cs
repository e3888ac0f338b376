using System.ComponentModel;
using System.Diagnostics;
using Tapyard.Core.Errors;

namespace Tapyard.Node.Programs;

/// <summary>
/// Runs a helper program (nft, ovs-vsctl, ip netns exec) with an argument vector, never a shell,
/// optionally feeding text on stdin; a non-zero exit, a timeout or a missing program becomes one
/// TapyardException naming the program and its error output.
/// </summary>
internal static class ExternalProgram
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static string Run(string file, IReadOnlyList<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        var result = Start(file, arguments, input, timeout);
        if (result.ExitCode != 0)
            throw new TapyardException($"{Describe(file, arguments)} failed (exit {result.ExitCode}): {result.Error.Trim()}");
        return result.Output;
    }

    /// <summary>Runs the program and returns its exit code and output, for programs whose exit code is an answer (ovs-vsctl br-exists).</summary>
    public static ProgramResult Start(string file, IReadOnlyList<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = input is not null, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TapyardException($"cannot start {file}");
        }
        catch (Win32Exception e)
        {
            throw new TapyardException($"cannot run {file}: {e.Message}; install it ({PackageOf(file)})", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }
            var limit = timeout ?? DefaultTimeout;
            if (!process.WaitForExit(limit))
            {
                process.Kill();
                process.WaitForExit();
                throw new TapyardException($"{Describe(file, arguments)} did not finish within {limit.TotalSeconds:0} s; it was killed");
            }
            process.WaitForExit();
            return new ProgramResult(process.ExitCode, output.Result, error.Result);
        }
    }

    private static string Describe(string file, IReadOnlyList<string> arguments) =>
        arguments.Count == 0 ? file : $"{file} {string.Join(' ', arguments.Take(6))}{(arguments.Count > 6 ? " ..." : "")}";

    private static string PackageOf(string file) => Path.GetFileName(file) switch
    {
        "nft" => "Debian package nftables",
        "ovs-vsctl" or "ovs-ofctl" => "Debian package openvswitch-switch",
        "ip" => "Debian package iproute2",
        _ => "the package that provides it",
    };
}
