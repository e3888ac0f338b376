using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Errors;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceConsoleCommand : Command
{
    private static readonly OptionSpec Follow = OptionSpec.Flag("follow", "keep printing what the guest prints until Ctrl-C", 'f');

    public override string Path => "instance console";
    public override string Summary => "print what the instance's serial console showed (console.log)";
    public override IReadOnlyList<OptionSpec> Options { get; } = [Follow, InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        ConfigAccess.Read(context).GetInstance(name); // an unknown instance is that error, not "no log"
        string log = InstanceDriver.Open(context).PathsOf(name).ConsoleLog;
        if (!File.Exists(log))
            throw new TapyardException($"instance {name} has no console log yet; start it first (tapyard instance start {name})");
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var buffer = new char[8192];
        while (true)
        {
            int read = reader.Read(buffer, 0, buffer.Length);
            if (read > 0)
            {
                context.Output.Write(buffer, 0, read);
                continue;
            }
            context.Output.Flush();
            if (!context.Arguments.Has(Follow.Name) || context.Cancellation.IsCancellationRequested)
                return ExitCodes.Success;
            // Following: QEMU appends as the guest prints; poll like tail -f.
            try { Task.Delay(200, context.Cancellation).Wait(); }
            catch (AggregateException) { return ExitCodes.Success; }
        }
    }
}
