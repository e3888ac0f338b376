using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Tests.Support;

/// <summary>
/// Runs the real application (every discovered command, the real parser and error handling) in
/// process, with stdout and stderr captured, exactly as Program.cs wires it.
/// </summary>
internal static class TapyardCli
{
    public static CliResult Run(params string[] args) => Run(TapyardApplication.CreateDefault(), args);

    public static CliResult Run(TapyardApplication application, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = application.Run(args, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
