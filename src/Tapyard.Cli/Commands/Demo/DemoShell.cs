using Tapyard.Cli.CommandLine;
using Tapyard.Core.Errors;

namespace Tapyard.Cli.Commands.Demo;

/// <summary>
/// Runs `tapyard` commands for the demo in this process, printing each as the user would type it and
/// its output indented: the demo shows the real commands, not a private API, so every step can be
/// repeated by hand. Every command gets the demo's --state-dir.
/// </summary>
internal sealed class DemoShell(TextWriter output, string stateDirectory, CancellationToken cancellation)
{
    /// <summary>Runs one command; a failure ends the demo with the command's own error line.</summary>
    public void Run(params string[] args)
    {
        if (RunAllowingFailure(args) is var (code, error) && code != ExitCodes.Success)
            throw new TapyardException($"'tapyard {string.Join(' ', args)}' failed: {error.Trim()}");
    }

    /// <summary>Runs one command and returns its exit code and error text (cleanup goes on past failures).</summary>
    public (int Code, string Error) RunAllowingFailure(params string[] args)
    {
        output.WriteLine($"      $ tapyard {string.Join(' ', args)}");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = TapyardApplication.CreateDefault().Run([.. args, "--state-dir", stateDirectory], stdout, stderr, cancellation);
        // Progress and notes (stderr) before the result (stdout), as they appeared in time.
        foreach (string line in (stderr.ToString() + stdout.ToString()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            output.WriteLine($"        {line}");
        return (code, stderr.ToString());
    }
}
